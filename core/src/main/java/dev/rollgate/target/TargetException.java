package dev.rollgate.target;

/**
 * A target operation failed. {@link #retryable()} says whether trying the same operation again may help (a
 * timeout, a refused connection) or not (a process that exits at once, a version that does not exist).
 */
public final class TargetException extends Exception {

    private final boolean retryable;

    private TargetException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static TargetException transientFailure(String message, Throwable cause) {
        return new TargetException(message, true, cause);
    }

    public static TargetException transientFailure(String message) {
        return new TargetException(message, true, null);
    }

    public static TargetException permanentFailure(String message) {
        return new TargetException(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
