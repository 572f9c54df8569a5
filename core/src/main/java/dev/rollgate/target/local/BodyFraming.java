package dev.rollgate.target.local;

/**
 * How a message body is delimited (RFC 9112 §6.3). The router forwards bodies as a stream, so this is all it needs
 * to know about them.
 *
 * @param kind   the delimiting mechanism
 * @param length the byte count for {@link Kind#LENGTH}, otherwise 0
 */
record BodyFraming(Kind kind, long length) {

    enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    static final BodyFraming NONE = new BodyFraming(Kind.NONE, 0);
    static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, 0);
    static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, 0);

    static BodyFraming ofLength(long length) {
        return length == 0 ? NONE : new BodyFraming(Kind.LENGTH, length);
    }

    boolean isEmpty() {
        return kind == Kind.NONE;
    }
}
