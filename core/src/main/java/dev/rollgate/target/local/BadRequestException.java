package dev.rollgate.target.local;

import java.io.IOException;

/** The client sent something that is not HTTP/1.1 we can forward safely; the router answers 400 and closes. */
final class BadRequestException extends IOException {

    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
