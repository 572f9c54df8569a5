package dev.rollgate.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a step hands back to the workflow: outputs ({@code GITHUB_OUTPUT}), the job summary
 * ({@code GITHUB_STEP_SUMMARY}), state for the post stage ({@code GITHUB_STATE}) and the log. Outside a runner
 * (no {@code GITHUB_OUTPUT}), the outputs are printed as one JSON object at the end, never as {@code ::set-output}.
 */
final class StepReport {

    private final WorkflowCommands log;
    private final Optional<EnvironmentFile> outputs;
    private final Optional<StepSummary> summary;
    private final Optional<EnvironmentFile> state;
    private final Map<String, String> written = new LinkedHashMap<>();

    StepReport(WorkflowCommands log, Map<String, String> env) {
        this.log = log;
        this.outputs = EnvironmentFile.of(env, "GITHUB_OUTPUT");
        this.summary = StepSummary.of(env);
        this.state = EnvironmentFile.of(env, "GITHUB_STATE");
    }

    WorkflowCommands log() {
        return log;
    }

    void output(String name, String value) {
        written.put(name, value);
        outputs.ifPresent(f -> write(() -> f.set(name, value)));
    }

    void summary(String markdown) {
        summary.ifPresent(s -> write(() -> s.append(markdown)));
    }

    void state(String name, String value) {
        state.ifPresent(f -> write(() -> f.set(name, value)));
    }

    /** Outside a runner: the outputs, as JSON, inert in the log. */
    void finish() {
        if (outputs.isEmpty() && !written.isEmpty()) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            written.forEach(o::put);
            log.log("outputs (GITHUB_OUTPUT is not set): " + o);
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a runner file: " + e.getMessage(), e);
        }
    }
}
