package dev.rollgate.rollout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollgate.state.Codec;
import java.io.IOException;

/**
 * The rollout status as JSON: how it is saved in the state store and what {@code rollgate status --output json}
 * prints. Instants are ISO-8601 text, absent optionals are null, phases use their wire names. Reading is strict
 * (unknown fields fail), so a status written by a newer Rollgate is never half understood and written back.
 */
public final class StatusJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StatusJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static Codec<RolloutStatus> codec() {
        return new Codec<>() {
            @Override
            public byte[] encode(RolloutStatus value) throws IOException {
                return MAPPER.writeValueAsBytes(value);
            }

            @Override
            public RolloutStatus decode(byte[] bytes) throws IOException {
                return MAPPER.readValue(bytes, RolloutStatus.class);
            }
        };
    }
}
