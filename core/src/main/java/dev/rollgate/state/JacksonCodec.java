package dev.rollgate.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Objects;

/** {@link Codec#json(Class)}: Jackson data binding, strict about unknown and trailing content. */
final class JacksonCodec<T> implements Codec<T> {

    // Strict on read: a state document another version wrote with fields we do not know must not be
    // silently half-understood and then written back without them.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Class<T> type;

    JacksonCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public byte[] encode(T value) throws IOException {
        return MAPPER.writeValueAsBytes(Objects.requireNonNull(value, "value"));
    }

    @Override
    public T decode(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, type);
    }
}
