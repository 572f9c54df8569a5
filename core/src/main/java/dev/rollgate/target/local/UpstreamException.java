package dev.rollgate.target.local;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Anything that went wrong on the backend side of a request: refused or reset connection, timeout, early close,
 * malformed response. Kept apart from client-side I/O errors because only these count against the version and
 * turn into 502/504.
 */
final class UpstreamException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean timeout;
    /** True when the backend closed the connection before sending any byte of a response: safe to retry. */
    private final boolean closedBeforeResponse;

    UpstreamException(String message, Throwable cause, boolean timeout, boolean closedBeforeResponse) {
        super(message, cause);
        this.timeout = timeout;
        this.closedBeforeResponse = closedBeforeResponse;
    }

    static UpstreamException of(IOException e) {
        if (e instanceof UpstreamException u) {
            return u;
        }
        return new UpstreamException("backend I/O error: " + e, e, e instanceof SocketTimeoutException, false);
    }

    boolean timeout() {
        return timeout;
    }

    boolean closedBeforeResponse() {
        return closedBeforeResponse;
    }
}
