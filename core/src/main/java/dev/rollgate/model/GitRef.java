package dev.rollgate.model;

import java.util.Objects;

/** A branch or a tag. Accepts full refs ({@code refs/heads/main}, {@code refs/tags/v1.2.0}) or short names. */
public record GitRef(Kind kind, String name) {

    public enum Kind { BRANCH, TAG }

    public GitRef {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a ref needs a name");
        }
    }

    /**
     * Reads a ref as CI systems give it. A short name is a tag when the trigger is {@code tag},
     * otherwise a branch, which is how GitHub's {@code github.ref_name} and Jenkins' {@code BRANCH_NAME} read.
     */
    public static GitRef parse(String text, Trigger trigger) {
        if (text.startsWith("refs/heads/")) {
            return new GitRef(Kind.BRANCH, text.substring("refs/heads/".length()));
        }
        if (text.startsWith("refs/tags/")) {
            return new GitRef(Kind.TAG, text.substring("refs/tags/".length()));
        }
        return new GitRef(trigger == Trigger.TAG ? Kind.TAG : Kind.BRANCH, text);
    }

    @Override
    public String toString() {
        return (kind == Kind.TAG ? "tag " : "branch ") + name;
    }
}
