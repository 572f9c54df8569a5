package dev.rollgate.config;

/**
 * Thrown by a configuration record's constructor when a value is impossible. The loader turns it into a
 * {@link ConfigProblem} located at the named field.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
