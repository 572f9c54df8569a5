package dev.rollgate.jenkins.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.EnvVars;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Core's environment rules: case-insensitive, case-preserving names and Ant-like {@code $VAR} expansion. */
class EnvVarsTest {

    @Test
    void namesAreCaseInsensitiveButKeepTheirFirstSpelling() {
        EnvVars env = new EnvVars();
        env.put("Path", "/usr/bin");
        env.put("PATH", "/opt/bin");

        assertThat(env.get("path")).isEqualTo("/opt/bin");
        assertThat(env).containsOnlyKeys("Path").hasSize(1);
        assertThat(env.keySet()).containsExactly("Path");
    }

    @Test
    void copiesAMapIntoACaseInsensitiveOne() {
        EnvVars env = new EnvVars(Map.of("BUILD_NUMBER", "7"));

        assertThat(env.get("build_number")).isEqualTo("7");
        assertThat(env.get("GIT_COMMIT", "unknown")).isEqualTo("unknown");
        assertThat(env.get("Build_Number", "unknown")).isEqualTo("7");
    }

    @Test
    void refusesNullValues() {
        EnvVars env = new EnvVars();

        assertThatThrownBy(() -> env.put("ROLLOUT", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Null value not allowed as an environment variable: ROLLOUT");
    }

    @Test
    void expandsBothFormsCaseInsensitively() {
        EnvVars env = new EnvVars(Map.of("SERVICE", "web", "a.b", "dotted"));

        assertThat(env.expand("deploy $service to ${SERVICE}-canary")).isEqualTo("deploy web to web-canary");
        assertThat(env.expand("${a.b}")).isEqualTo("dotted");
        assertThat(env.expand("$SERVICE_x")).as("the longest name is the variable").isEqualTo("$SERVICE_x");
        assertThat(env.expand(null)).isNull();
    }

    @Test
    void keepsUnknownVariablesAndTurnsDoubleDollarIntoOne() {
        EnvVars env = new EnvVars(Map.of("SERVICE", "web", "PRICE", "$5"));

        assertThat(env.expand("$UNKNOWN ${ALSO_UNKNOWN} $SERVICE")).isEqualTo("$UNKNOWN ${ALSO_UNKNOWN} web");
        assertThat(env.expand("$$SERVICE costs $$$SERVICE")).isEqualTo("$SERVICE costs $web");
        assertThat(env.expand("${SERVICE")).as("an unclosed brace is text").isEqualTo("${SERVICE");
        assertThat(env.expand("$a.b")).as("dots only inside braces").isEqualTo("$a.b");
    }

    @Test
    void neverExpandsASubstitutedValueAgain() {
        EnvVars env = new EnvVars(Map.of("A", "$B", "B", "b", "PRICE", "$$5"));

        assertThat(env.expand("$A")).isEqualTo("$B");
        assertThat(env.expand("$PRICE")).isEqualTo("$$5");
    }
}
