package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportExceptionTest {

    @Test
    void messageNamesTheFileThenTheProblem() {
        Path path = Path.of("target/site/jacoco/jacoco.xml");
        IllegalStateException cause = new IllegalStateException("x");

        ReportException e = new ReportException(path, "not found", cause);

        assertThat(e).hasMessage("target/site/jacoco/jacoco.xml: not found").hasCause(cause);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.problem()).isEqualTo("not found");
    }
}
