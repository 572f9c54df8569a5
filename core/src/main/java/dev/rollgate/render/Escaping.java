package dev.rollgate.render;

/**
 * Untrusted text (a deployment reason, a commit message) on its way into a log line. Control characters and
 * line breaks are replaced, so a reason cannot forge a second log line or inject terminal escapes.
 */
public final class Escaping {

    private Escaping() {
    }

    public static String singleLine(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') {
                s.append(' ');
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                s.append('\uFFFD');
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }
}
