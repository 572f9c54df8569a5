package dev.rollgate.gate;

import dev.rollgate.config.ApprovalSpec;
import dev.rollgate.config.EmergencySpec;
import dev.rollgate.config.EnvironmentSpec;
import dev.rollgate.config.FreezeSpec;
import dev.rollgate.config.GatesSpec;
import dev.rollgate.config.QualityGateSpec;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a request may deploy to an environment now. Pure: the clock and the promotion history are
 * injected, and the only input read from outside is the quality gates' report files.
 *
 * <p>The runbook rules, in short: automated triggers run inside the window and outside freezes; a person
 * outside the window or in a freeze is an emergency, which passes only when the policy allows it and the
 * reason is good enough; skipping tests is an emergency too; scheduled runs use the maintenance window;
 * rollbacks restore service at any time but still need a reason. A promotion path ({@code gates.requires}) needs
 * the version to have succeeded in an earlier environment, a soak ago; an accepted emergency may cut the soak
 * short, never skip the environment (see {@link PromotionPath}).
 */
public final class DeploymentGate {

    private final Clock clock;
    private final ReportGate reports;
    private final PromotionHistory history;

    /**
     * A gate that knows no deployment history: an environment with {@code gates.requires} always blocks.
     *
     * @param reportRoot the directory quality report paths are relative to (the directory of rollgate.yaml)
     */
    public DeploymentGate(Clock clock, Path reportRoot) {
        this(clock, reportRoot, PromotionHistory.NONE);
    }

    /**
     * @param reportRoot the directory quality report paths are relative to (the directory of rollgate.yaml)
     * @param history    where versions succeeded before, for the promotion path ({@code gates.requires}); usually
     *                   {@link PromotionHistory#from} the ledger
     */
    public DeploymentGate(Clock clock, Path reportRoot, PromotionHistory history) {
        this.clock = clock;
        this.reports = new ReportGate(reportRoot);
        this.history = Objects.requireNonNull(history, "history");
    }

    public GateDecision decide(String service, NamedEnvironment environment, DeploymentRequest request) {
        Instant now = clock.instant();
        // Reports do not change within one decision: read each once, even when judging again at the next window.
        Map<QualityGateSpec, GateResult> reportResults = new HashMap<>();
        Evaluation at = evaluate(now, service, environment, request, reportResults);
        Optional<ZonedDateTime> next = Optional.empty();
        boolean passesThen = false;
        if (at.blocked() && at.blockedByTime()) {
            next = at.time().nextPassing(request.trigger());
            // Whether waiting helps: the other gates may still block then (a failed CI, an approval that expires).
            passesThen = next.isPresent() && !evaluate(next.get().toInstant(), service, environment, request, reportResults)
                    .blocked();
        }
        DeploymentType type = at.blocked() ? DeploymentType.NONE : type(request.trigger(), at.mode());
        return new GateDecision(service, environment.name(), request.trigger(), now, !at.blocked(), type,
                at.results(), next, passesThen);
    }

    /** The gates' results at one instant, and what they were judged with. */
    private record Evaluation(List<GateResult> results, Mode mode, TimeGates time) {
        boolean blocked() {
            return results.stream().anyMatch(r -> r.result() == GateOutcome.BLOCK);
        }

        boolean blockedByTime() {
            return results.stream().anyMatch(r -> r.result() == GateOutcome.BLOCK && TimeGates.NAMES.contains(r.gate()));
        }
    }

    private Evaluation evaluate(Instant now, String service, NamedEnvironment environment, DeploymentRequest request,
                                Map<QualityGateSpec, GateResult> reportResults) {
        EnvironmentSpec env = environment.spec();
        GatesSpec gates = env.gatesOrNone();
        Trigger trigger = request.trigger();
        List<GateResult> results = new ArrayList<>();

        triggerRule(env, environment.name(), trigger).ifPresent(results::add);
        refRule(env, environment.name(), request).ifPresent(results::add);

        TimeGates time = new TimeGates(gates, now);
        Mode mode = mode(request, time);
        Optional<GateResult> emergency = switch (mode) {
            case EMERGENCY -> Optional.of(emergency(gates, environment.name(), request, time));
            case REFUSED_BYPASS -> Optional.of(GateResult.block("emergency", "a " + trigger + " trigger cannot "
                    + (request.skipTests() ? "skip tests" : "declare an emergency")
                    + "; only a person (manual) can, with a reason"));
            case NORMAL -> Optional.empty();
        };
        boolean emergencyAccepted = mode == Mode.EMERGENCY && emergency.get().result() == GateOutcome.PASS;
        results.addAll(time.judge(trigger, emergencyAccepted));
        emergency.ifPresent(results::add);
        if (trigger == Trigger.ROLLBACK) {
            results.add(rollbackReason(gates, request));
        }
        boolean testsSkipped = request.skipTests() && emergencyAccepted;
        gates.ci().filter(ci -> ci.isRequired()).ifPresent(ci -> results.add(ci(request, testsSkipped)));
        approvalSpec(gates, emergencyAccepted).ifPresent(spec -> results.add(trigger == Trigger.ROLLBACK
                ? GateResult.skipped("approvals", "not required for a rollback: restoring service comes first")
                : Approvals.judge(spec, request.approvals(), request.actor(), now)));
        for (QualityGateSpec q : gates.qualityList()) {
            results.add(quality(q, trigger, testsSkipped, reportResults));
        }
        gates.requires().ifPresent(r -> results.add(PromotionPath.judge(r, history, service, environment.name(),
                request, now, emergencyAccepted)));
        return new Evaluation(results, mode, time);
    }

    /** How a request is treated, from its trigger, its flags and the clock. */
    private enum Mode { NORMAL, EMERGENCY, REFUSED_BYPASS }

    private static Mode mode(DeploymentRequest request, TimeGates time) {
        boolean bypass = request.emergency() || request.skipTests();
        return switch (request.trigger().origin()) {
            case AUTOMATED, SCHEDULED -> bypass ? Mode.REFUSED_BYPASS : Mode.NORMAL;
            case PERSON -> request.trigger() == Trigger.ROLLBACK ? Mode.NORMAL
                    : bypass || !time.openForManual() ? Mode.EMERGENCY : Mode.NORMAL;
        };
    }

    private static DeploymentType type(Trigger trigger, Mode mode) {
        return switch (trigger) {
            case PUSH, CI_SUCCESS, TAG -> DeploymentType.AUTOMATED_CI;
            case SCHEDULE -> DeploymentType.SCHEDULED;
            case ROLLBACK -> DeploymentType.ROLLBACK;
            case MANUAL -> mode == Mode.EMERGENCY ? DeploymentType.EMERGENCY_MANUAL : DeploymentType.MANUAL;
        };
    }

    private static Optional<GateResult> triggerRule(EnvironmentSpec env, String name, Trigger trigger) {
        if (env.triggers().isEmpty()) {
            return Optional.empty();
        }
        if (trigger == Trigger.ROLLBACK) {
            return Optional.of(GateResult.pass("trigger", "rollback is always allowed: restoring service comes first"));
        }
        String allowed = env.allowedTriggers().stream().map(Trigger::wireName).collect(Collectors.joining(", "));
        return Optional.of(env.allowedTriggers().contains(trigger)
                ? GateResult.pass("trigger", trigger + " may deploy to " + name)
                : GateResult.block("trigger", trigger + " may not deploy to " + name + " (allowed: " + allowed + ")"));
    }

    private static Optional<GateResult> refRule(EnvironmentSpec env, String name, DeploymentRequest request) {
        if (!env.restrictsRefs()) {
            return Optional.empty();
        }
        if (request.trigger() == Trigger.ROLLBACK) {
            return Optional.of(GateResult.skipped("ref", "not checked for a rollback to a previous version"));
        }
        String allowed = "branches " + env.branches().orElse(List.of()) + ", tags " + env.tags().orElse(List.of());
        if (request.ref().isEmpty()) {
            return Optional.of(GateResult.block("ref", "no ref given; " + name + " accepts " + allowed));
        }
        return Optional.of(env.allows(request.ref().get())
                ? GateResult.pass("ref", request.ref().get() + " may deploy to " + name)
                : GateResult.block("ref", request.ref().get() + " may not deploy to " + name + " (allowed: " + allowed + ")"));
    }

    private static GateResult emergency(GatesSpec gates, String name, DeploymentRequest request, TimeGates time) {
        Optional<EmergencySpec> spec = gates.emergency();
        if (spec.isEmpty() || !spec.get().allowed()) {
            return GateResult.block("emergency", why(request, time) + "; emergency overrides are not allowed for " + name);
        }
        for (FreezeSpec f : time.activeFreezes()) {
            if (!f.emergencyAllowed()) {
                return GateResult.block("emergency", "the freeze \"" + f.reason() + "\" does not allow emergency overrides");
            }
        }
        Optional<String> problem = Reasons.problem(request.reason(), spec.get().minimumReasonLength(), "an emergency");
        if (problem.isPresent()) {
            return GateResult.block("emergency", why(request, time) + "; " + problem.get());
        }
        return GateResult.pass("emergency", why(request, time) + "; reason accepted: " + request.reason().orElseThrow().strip());
    }

    private static String why(DeploymentRequest request, TimeGates time) {
        List<String> causes = new ArrayList<>();
        if (!time.insideWindow()) {
            causes.add("outside the deployment window");
        }
        if (!time.activeFreezes().isEmpty()) {
            causes.add("during a freeze");
        }
        if (request.skipTests()) {
            causes.add("skipping tests");
        }
        if (causes.isEmpty()) {
            causes.add("declared emergency");
        }
        return "emergency override (" + String.join(", ", causes) + ")";
    }

    private static GateResult rollbackReason(GatesSpec gates, DeploymentRequest request) {
        int min = gates.emergency().map(EmergencySpec::minimumReasonLength).orElse(1);
        return Reasons.problem(request.reason(), min, "a rollback")
                .map(p -> GateResult.block("reason", p))
                .orElseGet(() -> GateResult.pass("reason", "rollback reason: " + request.reason().orElseThrow().strip()));
    }

    private static GateResult ci(DeploymentRequest request, boolean testsSkipped) {
        String commit = request.commit().map(c -> " for " + c).orElse("");
        if (request.trigger() == Trigger.ROLLBACK) {
            return GateResult.skipped("ci", "not checked for a rollback: the previous version already passed");
        }
        if (testsSkipped) {
            return GateResult.skipped("ci", "tests skipped by emergency bypass (CI status" + commit + ": "
                    + request.ciStatus() + ")");
        }
        return switch (request.ciStatus()) {
            case SUCCESS -> GateResult.pass("ci", "CI succeeded" + commit);
            case FAILURE -> GateResult.block("ci", "CI failed" + commit);
            case PENDING -> GateResult.block("ci", "CI is still running" + commit);
            case UNKNOWN -> GateResult.block("ci", "CI status unknown" + commit + "; CI success is required");
        };
    }

    /**
     * The approvals the gates require: the emergency's own when an emergency was accepted and it names some, else the
     * environment's. Adapters that collect approvals (the Jenkins build page) ask for the same roles.
     */
    public static Optional<ApprovalSpec> approvalSpec(GatesSpec gates, boolean emergencyAccepted) {
        if (emergencyAccepted) {
            Optional<ApprovalSpec> own = gates.emergency().flatMap(EmergencySpec::approvals);
            if (own.isPresent()) {
                return own;
            }
        }
        return gates.approvals();
    }

    private GateResult quality(QualityGateSpec q, Trigger trigger, boolean testsSkipped,
                               Map<QualityGateSpec, GateResult> reportResults) {
        String gate = "quality: " + q.name();
        if (trigger == Trigger.ROLLBACK) {
            return GateResult.skipped(gate, "not checked for a rollback");
        }
        if (testsSkipped && q.report().comesFromTests()) {
            return GateResult.skipped(gate, "tests skipped by emergency bypass");
        }
        return reportResults.computeIfAbsent(q, reports::judge);
    }

}
