package hudson;

import java.io.IOException;

/**
 * Shim of core's {@code AbortException}: an anticipated failure. Jenkins prints its message, without a stack trace,
 * and fails the build.
 */
public class AbortException extends IOException {

    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {
        super(message);
    }
}
