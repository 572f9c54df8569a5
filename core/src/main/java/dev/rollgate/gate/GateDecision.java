package dev.rollgate.gate;

import dev.rollgate.model.Trigger;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "may this deploy here now?", with every gate's result. Printed as text, JSON and CI outputs.
 *
 * @param nextWindow         when a time-based gate blocks: the next instant the same request would pass the
 *                           time-based gates (window, maintenance, freezes), in the zone of the window that opens then
 * @param passesAtNextWindow whether the same request would pass every gate at {@code nextWindow}, so that waiting
 *                           for it helps; false when another gate would still block (failed CI, expiring approvals)
 */
public record GateDecision(
        String service,
        String environment,
        Trigger trigger,
        Instant evaluatedAt,
        boolean shouldDeploy,
        DeploymentType deploymentType,
        List<GateResult> gates,
        Optional<ZonedDateTime> nextWindow,
        boolean passesAtNextWindow) {

    public GateDecision {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(deploymentType, "deploymentType");
        gates = List.copyOf(gates);
        Objects.requireNonNull(nextWindow, "nextWindow");
        if (passesAtNextWindow && nextWindow.isEmpty()) {
            throw new IllegalArgumentException("passesAtNextWindow needs a nextWindow");
        }
        if (shouldDeploy == (deploymentType == DeploymentType.NONE)) {
            throw new IllegalArgumentException("a blocked decision has type none, and only a blocked one");
        }
    }

    public Optional<GateResult> gate(String name) {
        return gates.stream().filter(g -> g.gate().equals(name)).findFirst();
    }

    public List<GateResult> blocking() {
        return gates.stream().filter(g -> g.result() == GateOutcome.BLOCK).toList();
    }
}
