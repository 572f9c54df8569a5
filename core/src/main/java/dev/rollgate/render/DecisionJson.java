package dev.rollgate.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A decision as JSON for machines. Field names are a contract with pipelines: add, never rename.
 * Written with the streaming generator, which keeps the CLI's start-up free of data binding.
 */
public final class DecisionJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private DecisionJson() {
    }

    public static String render(GateDecision d) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeBooleanField("shouldDeploy", d.shouldDeploy());
            g.writeStringField("deploymentType", d.deploymentType().wireName());
            if (d.nextWindow().isPresent()) {
                g.writeStringField("nextWindow", d.nextWindow().get().toInstant().toString());
            } else {
                g.writeNullField("nextWindow");
            }
            g.writeBooleanField("passesAtNextWindow", d.passesAtNextWindow());
            g.writeStringField("service", d.service());
            g.writeStringField("environment", d.environment());
            g.writeStringField("trigger", d.trigger().wireName());
            g.writeStringField("evaluatedAt", d.evaluatedAt().toString());
            g.writeArrayFieldStart("gates");
            for (GateResult r : d.gates()) {
                g.writeStartObject();
                g.writeStringField("name", r.gate());
                g.writeStringField("result", r.result().wireName());
                g.writeStringField("reason", r.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }
}
