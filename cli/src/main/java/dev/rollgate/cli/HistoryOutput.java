package dev.rollgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.render.Escaping;
import dev.rollgate.render.Json;
import dev.rollgate.render.RolloutText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The ledger's attempts as {@code rollgate history} prints them: a table, or a JSON array (oldest first). */
final class HistoryOutput {

    private HistoryOutput() {
    }

    static String json(List<LedgerEntry> attempts) {
        ArrayNode array = Json.array();
        for (LedgerEntry e : attempts) {
            ObjectNode o = array.addObject();
            o.put("id", e.id());
            o.put("service", e.service());
            o.put("environment", e.environment());
            o.put("version", e.version());
            Json.put(o, "previousVersion", e.previousVersion());
            o.put("outcome", e.outcome().wireName());
            Json.put(o, "actor", e.actor());
            o.put("trigger", e.trigger().wireName());
            Json.put(o, "reason", e.reason());
            o.put("deploymentType", e.deploymentType().wireName());
            o.put("strategy", e.strategy());
            o.put("startedAt", e.startedAt().toString());
            Json.put(o, "finishedAt", e.finishedAt());
            Json.put(o, "rollbackCause", e.rollbackCause());
            o.put("stepCount", e.steps().size());
        }
        return Json.render(array);
    }

    static String text(String service, String environment, List<LedgerEntry> attempts, Instant now) {
        if (attempts.isEmpty()) {
            return service + " in " + environment + ": no deployments yet\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STARTED", "VERSION", "PREVIOUS", "OUTCOME", "DURATION", "ACTOR", "TRIGGER", "STRATEGY",
                "CAUSE"});
        for (LedgerEntry e : attempts) {
            Duration took = Duration.between(e.startedAt(), e.finishedAt().orElse(now));
            rows.add(new String[] {e.startedAt().truncatedTo(ChronoUnit.SECONDS).toString(), Escaping.singleLine(e.version()),
                    e.previousVersion().map(Escaping::singleLine).orElse("-"), e.outcome().wireName(),
                    RolloutText.duration(took) + (e.finishedAt().isEmpty() ? "+" : ""),
                    e.actor().map(Escaping::singleLine).orElse("-"), e.trigger().wireName(), e.strategy(),
                    e.rollbackCause().map(Escaping::singleLine).orElse("")});
        }
        return service + " in " + environment + ": " + attempts.size()
                + (attempts.size() == 1 ? " deployment" : " deployments") + ", oldest first\n"
                + String.join("\n", RolloutText.table(rows)) + "\n";
    }
}
