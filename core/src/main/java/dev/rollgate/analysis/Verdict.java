package dev.rollgate.analysis;

import java.util.Objects;

/**
 * What an analysis decided and what the engine should do about it.
 *
 * @param phase    Successful, Failed, Error or Inconclusive
 * @param severity for a Failed or Error verdict, whether the engine rolls back on its own ({@code automatic})
 *                 or pauses and asks a person ({@code manual}); Inconclusive is always manual, Successful
 *                 automatic
 * @param reason   a sentence a release manager reads, e.g.
 *                 {@code error_rate 4.20% > 1% for 2 consecutive checks (automatic)}
 */
public record Verdict(AnalysisPhase phase, Severity severity, String reason) {

    public Verdict {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        if (!phase.isCompleted()) {
            throw new IllegalArgumentException("a verdict is a completed phase, not " + phase);
        }
    }
}
