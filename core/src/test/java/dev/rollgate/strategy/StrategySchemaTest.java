package dev.rollgate.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.config.ConfigSchema;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The JSON Schema describes the rollout keys a file may write, and none it may not. */
class StrategySchemaTest {

    @Test
    void theSchemaListsTheRolloutKeysAsWritten() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ConfigSchema.generate());

        assertThat(schema.at("/$defs/EnvironmentSpec/properties/rollout/anyOf/0/$ref").asText())
                .isEqualTo("#/$defs/RolloutSpec");
        // The runbooks' spellings the loader reads are described too, so an editor does not flag them.
        assertThat(schema.at("/$defs/StrategySpec/anyOf/0/properties").fieldNames()).toIterable()
                .containsExactly("canary", "blueGreen", "rolling", "recreate", "multiRegion", "blue-green", "bluegreen");
        assertThat(schema.at("/$defs/StrategySpec/anyOf/1/enum")).extracting(JsonNode::asText)
                .contains("blue-green", "bluegreen", "canary");
        assertThat(schema.at("/$defs/CanaryStep/properties").fieldNames()).toIterable()
                .containsExactly("setWeight", "pause", "analysis", "weight");
        assertThat(schema.at("/$defs/PauseSpec/anyOf/1/type").asText()).isEqualTo("string");
        assertThat(schema.at("/$defs/AnalysisSpec/properties/threshold/minimum").asInt()).isEqualTo(1);
        // A region's wait is the key wait, although Java calls the component waitAfter; Source is never a key.
        assertThat(schema.at("/$defs/RegionSpec/properties").fieldNames()).toIterable()
                .containsExactly("name", "wait", "strategy", "listen");
        assertThat(schema.at("/$defs/RegionSpec/required").get(0).asText()).isEqualTo("name");
        assertThat(schema.at("/$defs/RecreateStrategy/properties").size()).isZero();
        assertThat(schema.at("/$defs/Source").isMissingNode()).isTrue();
        assertThat(schema.at("/properties/stateDir/anyOf/0/type").asText()).isEqualTo("string");
    }
}
