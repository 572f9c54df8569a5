package dev.rollgate.state;

import java.io.IOException;

/**
 * Turns a typed value into bytes and back, so stores never pass untyped maps around. File stores
 * embed the bytes in a JSON envelope, so they must be one UTF-8 JSON document.
 */
public interface Codec<T> {

    byte[] encode(T value) throws IOException;

    /** Fails with an {@link IOException} (for example Jackson's) when the bytes are not a valid value. */
    T decode(byte[] bytes) throws IOException;

    /** A Jackson data-binding codec: fits records whose components Jackson binds without modules. */
    static <T> Codec<T> json(Class<T> type) {
        return new JacksonCodec<>(type);
    }
}
