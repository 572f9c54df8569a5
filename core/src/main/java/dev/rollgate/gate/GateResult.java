package dev.rollgate.gate;

import java.util.Objects;

/**
 * One gate's verdict with its reason in a release manager's words.
 *
 * @param gate a stable name: trigger, ref, window, maintenance, freeze, emergency, reason, ci, approvals,
 *             or {@code quality: <name>}
 */
public record GateResult(String gate, GateOutcome result, String reason) {

    public GateResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
    }

    static GateResult pass(String gate, String reason) {
        return new GateResult(gate, GateOutcome.PASS, reason);
    }

    static GateResult block(String gate, String reason) {
        return new GateResult(gate, GateOutcome.BLOCK, reason);
    }

    static GateResult skipped(String gate, String reason) {
        return new GateResult(gate, GateOutcome.SKIPPED, reason);
    }

    static GateResult overridden(String gate, String reason) {
        return new GateResult(gate, GateOutcome.OVERRIDDEN, reason);
    }
}
