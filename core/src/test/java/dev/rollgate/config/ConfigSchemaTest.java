package dev.rollgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    static final Path COMMITTED = Path.of("..", "docs", "schema", "rollgate.schema.json");

    @Test
    void theCommittedSchemaIsCurrent() throws IOException {
        String generated = ConfigSchema.generate();
        if (Boolean.getBoolean("rollgate.updateSchema")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/schema/rollgate.schema.json is stale: regenerate it with "
                        + "./mvnw -pl core test -Dtest=ConfigSchemaTest -Drollgate.updateSchema=true")
                .isEqualTo(generated);
    }

    @Test
    void describesEveryFieldTheLoaderReads() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ConfigSchema.generate());

        JsonNode gates = schema.at("/$defs/GatesSpec/properties");
        assertThat(gates.fieldNames()).toIterable()
                .containsExactly("ci", "window", "maintenance", "freezes", "emergency", "approvals", "quality", "requires");
        assertThat(schema.at("/$defs/GatesSpec/additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/$defs/WindowSpec/required")).extracting(JsonNode::asText)
                .containsExactly("timezone", "days", "hours");
        assertThat(schema.at("/$defs/WindowSpec/properties/hours/pattern").asText()).isEqualTo(TimeRange.PATTERN);
        assertThat(schema.at("/$defs/QualityGateSpec/properties/report/enum")).extracting(JsonNode::asText)
                .containsExactly("jacoco", "junit", "sarif", "trivy", "gitleaks", "file-size");
        assertThat(schema.at("/$defs/EnvironmentSpec/properties/triggers/anyOf/0/items/enum")).extracting(JsonNode::asText)
                .contains("ci_success", "manual");
        assertThat(schema.at("/$defs/GatesSpec/properties/window/anyOf/1/type").asText()).isEqualTo("null");
        assertThat(schema.at("/$defs/WindowSpec/properties/days/items/enum")).extracting(JsonNode::asText)
                .startsWith("MON", "TUE");
    }
}
