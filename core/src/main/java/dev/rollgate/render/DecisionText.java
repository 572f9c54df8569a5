package dev.rollgate.render;

import dev.rollgate.gate.DeploymentWindow;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import java.time.Duration;
import java.time.ZonedDateTime;

/** A decision as a release manager's log: one line per gate, then the verdict. */
public final class DecisionText {

    private DecisionText() {
    }

    public static String render(GateDecision d) {
        StringBuilder s = new StringBuilder();
        s.append("Rollgate: ").append(Escaping.singleLine(d.service())).append(" → ").append(d.environment())
                .append(" (").append(d.trigger()).append(", ").append(d.evaluatedAt()).append(")\n");
        if (d.gates().isEmpty()) {
            s.append("  (no gates configured)\n");
        }
        for (GateResult g : d.gates()) {
            s.append("  ").append(mark(g)).append(' ').append(Escaping.singleLine(g.gate())).append(": ")
                    .append(Escaping.singleLine(g.reason())).append('\n');
        }
        if (d.shouldDeploy()) {
            s.append("Decision: DEPLOY (").append(d.deploymentType().wireName()).append(")\n");
        } else {
            s.append("Decision: BLOCKED\n");
        }
        d.nextWindow().ifPresent(t -> {
            s.append(nextWindow(t, d)).append('\n');
            if (!d.passesAtNextWindow()) {
                s.append("  (other gates would still block then: fix them before waiting for the window)\n");
            }
        });
        return s.toString();
    }

    /** {@code Next deployment window: Monday 09:00 UTC (2026-11-30T09:00:00Z, in 1d 18h 30m)}. */
    public static String nextWindow(ZonedDateTime t, GateDecision d) {
        Duration wait = Duration.between(d.evaluatedAt(), t.toInstant());
        return "Next deployment window: " + DeploymentWindow.when(t)
                + " (" + t.toInstant() + ", in " + humanWait(wait) + ")";
    }

    static String humanWait(Duration d) {
        long minutes = Math.max(0, (d.getSeconds() + 59) / 60);
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            s.append(hours).append("h ");
        }
        return s.append(mins).append('m').toString();
    }

    private static String mark(GateResult g) {
        return switch (g.result()) {
            case PASS -> "✓";
            case BLOCK -> "✗";
            case WARN -> "!";
            case OVERRIDDEN -> "⚠";
            case SKIPPED -> "–";
        };
    }
}
