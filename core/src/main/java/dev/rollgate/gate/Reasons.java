package dev.rollgate.gate;

import java.util.Optional;

/** The rule for reasons people give: present, not blank, long enough to mean something. */
final class Reasons {

    private Reasons() {
    }

    /** Empty when the reason is acceptable, otherwise what is wrong with it. */
    static Optional<String> problem(Optional<String> reason, int minLength, String what) {
        String text = reason.map(String::strip).orElse("");
        if (text.isEmpty()) {
            return Optional.of(what + " needs a reason (at least " + minLength + " characters)");
        }
        int length = text.codePointCount(0, text.length());
        if (length < minLength) {
            return Optional.of("the reason is " + length + " characters; " + what + " needs at least " + minLength);
        }
        return Optional.empty();
    }
}
