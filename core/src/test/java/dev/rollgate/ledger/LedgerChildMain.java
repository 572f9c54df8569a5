package dev.rollgate.ledger;

import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs in a child JVM for the ledger tests: {@code append <dir> <prefix> <count>} appends records
 * with ids {@code <prefix>-0}, {@code <prefix>-1}, ... and prints {@code appended <i>} after each
 * append returns; a negative count appends until killed.
 */
public final class LedgerChildMain {

    public static void main(String[] args) throws Exception {
        FileDeploymentLedger ledger = new FileDeploymentLedger(Path.of(args[1]));
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        for (int i = 0; count < 0 || i < count; i++) {
            ledger.append(entry(prefix + "-" + i));
            System.out.println("appended " + i);
        }
        System.out.println("done");
    }

    /** A record with some bulk, so that interleaved writes would show as broken lines. */
    static LedgerEntry entry(String id) {
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        return new LedgerEntry(id, "checkout", "prod", "2.3.1", Optional.of("2.3.0"), Optional.of("ci"),
                Trigger.PUSH, Optional.of("x".repeat(300)), DeploymentType.AUTOMATED_CI, "canary", start,
                Optional.empty(), Outcome.IN_PROGRESS, Optional.empty(),
                List.of(new StepRecord("setWeight 10", start, Optional.of(start.plusSeconds(5)), "ok"),
                        new StepRecord("pause 5m", start.plusSeconds(5), Optional.empty(), "waiting")));
    }
}
