package dev.rollgate.jenkins;

import dev.rollgate.config.ApprovalSpec;
import dev.rollgate.config.Durations;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.render.Escaping;
import hudson.AbortException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A step's wait for approvals on the build page, as the execution keeps it across a restart: whether people were
 * asked, and until when (the policy's {@code maxAge}; 0 waits until approved or aborted). Shared by
 * {@code deploymentGate} and the deploy steps, which decide the gates the same way.
 */
final class ApprovalWait implements Serializable {

    private static final long serialVersionUID = 1L;
    /** How often a waiting step looks at the build page again. */
    static final long POLL_MILLIS = 3_000;

    private boolean asked;
    private long deadline;

    /** The approvals to ask for: only when they are all that blocks the decision. */
    static Optional<ApprovalSpec> needed(GateDecision d, PolicyFile file) {
        if (d.shouldDeploy() || d.blocking().isEmpty()
                || !d.blocking().stream().allMatch(g -> g.gate().equals("approvals"))) {
            return Optional.empty();
        }
        return DeploymentGate.approvalSpec(file.environment().spec().gatesOrNone(),
                d.deploymentType() == DeploymentType.EMERGENCY_MANUAL);
    }

    boolean waiting() {
        return asked;
    }

    long deadline() {
        return deadline;
    }

    /** Approved, or no longer needed: a later wait starts afresh. */
    void done() {
        asked = false;
        deadline = 0;
    }

    /**
     * Asks on the page (the first time, with one console line) and returns how long to wait before deciding again.
     *
     * @return true when this look changed what must be saved (the first ask)
     * @throws AbortException once {@code maxAge} has passed without the approvals
     */
    boolean ask(String step, GateDecision d, ApprovalSpec spec, RollgateAction page, String pageUrl, long now,
                PrintStream log) throws AbortException {
        page.approvalRequest(d.environment(), spec.roleList(), spec.requiredCount());
        boolean first = !asked;
        if (first) {
            asked = true;
            deadline = spec.maximumAge().map(age -> now + age.toMillis()).orElse(0L);
            log.println(ConsoleLines.PREFIX + "waiting for approval: " + spec.requiredCount() + " of "
                    + (spec.roleList().isEmpty() ? "any user with Build permission"
                    : "the groups " + String.join(", ", spec.roleList()))
                    + ", with Approve on the build page (" + pageUrl + ")"
                    + (deadline == 0 ? "" : ", until " + Instant.ofEpochMilli(deadline))
                    + "; no executor is held meanwhile");
        }
        if (deadline != 0 && now >= deadline) {
            throw new AbortException(step + ": deployment to " + d.environment() + " not approved within "
                    + Durations.format(spec.maximumAge().orElseThrow()) + ": " + d.blocking().stream()
                    .map(g -> Escaping.singleLine(g.reason())).collect(Collectors.joining("; ")));
        }
        return first;
    }

    /** When to look again. */
    long nextLook(long now) {
        return deadline == 0 ? POLL_MILLIS : Math.max(0, Math.min(POLL_MILLIS, deadline - now));
    }

    String describe(String environment) {
        return "waiting for approval of the deployment to " + environment + " on the build page"
                + (deadline == 0 ? "" : ", until " + Instant.ofEpochMilli(deadline));
    }
}
