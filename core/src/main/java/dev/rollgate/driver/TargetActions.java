package dev.rollgate.driver;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.hook.HealthChecker;
import dev.rollgate.hook.HealthResult;
import dev.rollgate.hook.HookContext;
import dev.rollgate.hook.HookResult;
import dev.rollgate.hook.HookRunner;
import dev.rollgate.hook.HookSpec;
import dev.rollgate.hook.VersionCheck;
import dev.rollgate.hook.VersionCheckResult;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.Observation.FailureKind;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.target.Target;
import dev.rollgate.target.TargetException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries out engine actions on {@link Target}s (one per region): scaling with a health check, routing, hooks,
 * version checks and measurements. Failures become observations, never exceptions: the engine decides what they
 * mean.
 */
public final class TargetActions implements ActionPerformer {

    /** Requests through the router per version check: enough that a 1% leftover split would very likely show. */
    private static final int SERVICE_SAMPLES = 20;

    private final RolloutPlan plan;
    private final Map<String, Target> targets;
    private final HealthChecker health;
    private final HookRunner hooks;
    private final VersionCheck versions;
    private final Path workingDirectory;
    private final Clock clock;

    public TargetActions(RolloutPlan plan, Map<String, Target> targets, Clock clock, Sleeper sleeper, Path workingDirectory) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.targets = Map.copyOf(targets);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = new HealthChecker(clock, sleeper);
        this.hooks = new HookRunner(clock);
        this.versions = new VersionCheck(clock);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    @Override
    public Observation perform(Action action, RolloutStatus status) throws InterruptedException {
        Target target = targets.get(action.region());
        if (target == null) {
            return new Observation.Failed(action, "no target for region " + action.region(), FailureKind.BROKEN);
        }
        try {
            if (action instanceof Action.Scale s) {
                return scale(target, s);
            }
            if (action instanceof Action.Route r) {
                target.router().route(r.split());
                return new Observation.Done(action, "");
            }
            if (action instanceof Action.RunHook h) {
                return hook(target, h, status);
            }
            if (action instanceof Action.VerifyVersion v) {
                return verify(target, v);
            }
            if (action instanceof Action.Measure m) {
                Map<Metric, MetricSample> samples = new LinkedHashMap<>();
                for (MetricQuery q : m.queries()) {
                    samples.put(q.metric(), target.metrics().measure(q));
                }
                return new Observation.Measured(m, samples, m.queries().isEmpty() ? clock.instant() : m.queries().get(0).to());
            }
            return new Observation.Failed(action, "unknown action " + action, FailureKind.BROKEN);
        } catch (TargetException e) {
            return new Observation.Failed(action, e.getMessage(), e.retryable() ? FailureKind.TRANSIENT : FailureKind.BROKEN);
        } catch (RuntimeException e) {
            // A bug or an unexpected answer must not kill the driver mid-rollout: it is a failed action.
            return new Observation.Failed(action, e.toString(), FailureKind.TRANSIENT);
        }
    }

    private Observation scale(Target target, Action.Scale s) throws TargetException, InterruptedException {
        target.workload().scale(s.version(), s.replicas());
        if (s.replicas() == 0) {
            return new Observation.Done(s, "");
        }
        List<URI> instances = target.workload().instances(s.version());
        HealthResult result = health.await(plan.healthCheck(), instances);
        if (!result.healthy()) {
            return new Observation.Failed(s, "health check: " + result.summary(), FailureKind.REJECTED);
        }
        return new Observation.Done(s, result.summary());
    }

    private Observation hook(Target target, Action.RunHook h, RolloutStatus status) throws InterruptedException {
        HookSpec spec = plan.hooks().hook(h.phase()).orElseThrow();
        java.util.Optional<String> previous = status.stableVersion().filter(v -> !v.equals(status.canaryVersion()));
        HookContext context = new HookContext(status.service(), status.environment(), h.version(), previous,
                target.router().address(), workingDirectory);
        HookResult result = hooks.run(h.phase(), spec, context);
        String detail = result.summary() + (result.output().isBlank() ? "" : "\n" + result.output());
        return result.succeeded() ? new Observation.Done(h, detail) : new Observation.Failed(h, detail, FailureKind.REJECTED);
    }

    private Observation verify(Target target, Action.VerifyVersion v) throws TargetException, InterruptedException {
        VersionCheckResult result = v.scope() == VersionScope.INSTANCES
                ? versions.verify(target.workload().instances(v.version()), v.version(), 1)
                : versions.verify(List.of(target.router().address()), v.version(), SERVICE_SAMPLES);
        return result.verified() ? new Observation.Done(v, result.summary())
                : new Observation.Failed(v, result.summary(), FailureKind.REJECTED);
    }
}
