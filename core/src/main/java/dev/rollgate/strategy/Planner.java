package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.ConfigProblem;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.Source;
import dev.rollgate.hook.HookPhase;
import dev.rollgate.hook.HooksSpec;
import dev.rollgate.strategy.PlanStep.AnalysisMode;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.target.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles an environment's {@link RolloutSpec} to a {@link RolloutPlan}: the strategy as a list of
 * {@link PlanStep} primitives, before anything changes. Pure: no I/O, no clock.
 *
 * <p>Every strategy runs the {@code preDeploy} and {@code migrate} hooks first (once, in the first region),
 * proves the new instances run the new version, and ends with {@code postDeploy} and {@code smoke} hooks (in
 * every region), a check through the router that the service answers with the new version, and marking it stable.
 */
public final class Planner {

    /** {@link RolloutPlan#strategy()} of a first deployment's plan, see {@link #initialPlan}. */
    public static final String INITIAL = "initial";
    /** {@link RolloutPlan#strategy()} of a manual rollback's plan, see {@link #fastPlan}. */
    public static final String FAST = "fast";

    private final RolloutSpec rollout;
    private final Attendance attendance;
    private final int replicas;
    private final HooksSpec hooks;
    private final List<PlanStep> steps = new ArrayList<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private Planner(RolloutSpec rollout, Attendance attendance) {
        this.rollout = rollout;
        this.attendance = attendance;
        this.replicas = rollout.replicaCount();
        this.hooks = rollout.hooksOrNone();
    }

    /**
     * The plan of one environment of a loaded configuration, by name or alias, with the readings of its spellings.
     *
     * @throws ConfigException when the environment is unknown or has no {@code rollout:}, or the plan is invalid
     *                         for this attendance
     */
    public static RolloutPlan plan(ConfigLoader.Loaded loaded, String environment, Attendance attendance)
            throws ConfigException {
        RollgateConfig.NamedEnvironment env = loaded.config().environment(environment).orElseThrow(() ->
                new ConfigException(List.of(new ConfigProblem(loaded.file(), 0, 0, "environments",
                        "no environment named " + environment + "; declared: "
                                + String.join(", ", loaded.config().environments().keySet())))));
        RolloutSpec rollout = env.spec().rollout().orElseThrow(() ->
                new ConfigException(List.of(new ConfigProblem(loaded.file(), 0, 0, "environments." + env.name(),
                        "environment " + env.name() + " has no rollout: section, so there is nothing to plan"))));
        return plan(rollout, loaded.readings(env.name()), attendance);
    }

    public static RolloutPlan plan(RolloutSpec rollout, Attendance attendance) throws ConfigException {
        return plan(rollout, List.of(), attendance);
    }

    /**
     * The plan of {@code rollout}; {@code readings} (how its spellings were read) are carried into the plan.
     *
     * @throws ConfigException naming file and line, e.g. a pause without duration in an {@code UNATTENDED} run
     */
    public static RolloutPlan plan(RolloutSpec rollout, List<String> readings, Attendance attendance)
            throws ConfigException {
        Planner p = new Planner(rollout, attendance);
        StrategySpec strategy = rollout.strategyOrDefault();
        List<String> regions = new ArrayList<>();
        RegionPolicy policy = RegionPolicy.DEFAULT;
        if (strategy.multiRegion().isPresent()) {
            MultiRegionStrategy multi = strategy.multiRegion().get();
            policy = multi.regionPolicy();
            for (int i = 0; i < multi.regions().size(); i++) {
                RegionSpec region = multi.regions().get(i);
                regions.add(region.name());
                p.single(multi.strategyFor(region), region.name(), i == 0);
                if (i < multi.regions().size() - 1) {
                    Optional<Duration> wait = multi.waitAfter(region);
                    if (wait.isPresent()) {
                        p.steps.add(new PlanStep.Pause(region.name(), wait, PauseReason.REGION_WAIT));
                    }
                }
            }
        } else {
            regions.add(RolloutPlan.DEFAULT_REGION);
            p.single(strategy, RolloutPlan.DEFAULT_REGION, true);
        }
        if (!p.problems.isEmpty()) {
            throw new ConfigException(p.problems);
        }
        return p.build(strategy.name(), regions, policy, readings);
    }

    /**
     * A first deployment (strategy {@value #INITIAL}): there is no stable version to compare with or shift traffic
     * from, so the strategy's steps are skipped. Pre hooks, start the new version, send it all traffic, post hooks,
     * verify, mark stable.
     */
    public static RolloutPlan initialPlan(RolloutSpec rollout) {
        return initialPlan(rollout, List.of());
    }

    /** {@link #initialPlan(RolloutSpec)} carrying the readings of the environment's spellings. */
    public static RolloutPlan initialPlan(RolloutSpec rollout, List<String> readings) {
        Planner p = new Planner(rollout, Attendance.ATTENDED);
        List<String> regions = regionNames(rollout);
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i);
            if (i == 0) {
                p.preHooks(region);
            }
            p.steps.add(new PlanStep.Scale(region, Side.CANARY, p.replicas));
            p.steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
            p.steps.add(new PlanStep.SetWeight(region, 100));
            p.postHooks(region);
            p.steps.add(new PlanStep.VerifyVersion(region, VersionScope.SERVICE));
            p.steps.add(new PlanStep.MarkStable(region));
        }
        List<String> all = new ArrayList<>(readings);
        all.add("first deployment: no stable version yet, so the " + rollout.strategyOrDefault().name()
                + " steps are skipped and the new version takes all traffic once healthy");
        return p.build(INITIAL, regions, regionPolicy(rollout), all);
    }

    /**
     * A manual rollback to a known version (strategy {@value #FAST}): no hooks, no analysis, no pauses. Start it,
     * send it all traffic, stop the version it replaces, mark it stable.
     */
    public static RolloutPlan fastPlan(RolloutSpec rollout) {
        return fastPlan(rollout, List.of());
    }

    /** {@link #fastPlan(RolloutSpec)} carrying the readings of the environment's spellings. */
    public static RolloutPlan fastPlan(RolloutSpec rollout, List<String> readings) {
        Planner p = new Planner(rollout, Attendance.ATTENDED);
        List<String> regions = regionNames(rollout);
        for (String region : regions) {
            p.steps.add(new PlanStep.Scale(region, Side.CANARY, p.replicas));
            p.steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
            p.steps.add(new PlanStep.SetWeight(region, 100));
            p.steps.add(new PlanStep.Scale(region, Side.STABLE, 0));
            p.steps.add(new PlanStep.MarkStable(region));
        }
        List<String> all = new ArrayList<>(readings);
        all.add("fast plan (manual rollback): no hooks, analysis or pauses");
        return p.build(FAST, regions, regionPolicy(rollout), all);
    }

    private static List<String> regionNames(RolloutSpec rollout) {
        return rollout.strategyOrDefault().multiRegion()
                .map(m -> m.regions().stream().map(RegionSpec::name).toList())
                .orElse(List.of(RolloutPlan.DEFAULT_REGION));
    }

    private static RegionPolicy regionPolicy(RolloutSpec rollout) {
        return rollout.strategyOrDefault().multiRegion().map(MultiRegionStrategy::regionPolicy)
                .orElse(RegionPolicy.DEFAULT);
    }

    private RolloutPlan build(String strategy, List<String> regions, RegionPolicy policy, List<String> readings) {
        return new RolloutPlan(strategy, regions, steps, replicas, rollout.failurePolicy(),
                rollout.progressDeadline(), rollout.stepDeadline(), policy, hooks, rollout.healthCheckOrDefault(),
                readings);
    }

    /** One region's strategy (never multiRegion: the specs forbid nesting it). */
    private void single(StrategySpec strategy, String region, boolean firstRegion) {
        if (firstRegion) {
            preHooks(region);
        }
        if (strategy.canary().isPresent()) {
            canary(strategy.canary().get(), region);
        } else if (strategy.blueGreen().isPresent()) {
            blueGreen(strategy.blueGreen().get(), region);
        } else if (strategy.rolling().isPresent()) {
            rolling(strategy.rolling().get(), region);
        } else if (strategy.recreate().isPresent()) {
            recreate(region);
        } else {
            throw new IllegalStateException("a region's strategy cannot be multiRegion");
        }
    }

    private void canary(CanaryStrategy canary, String region) {
        steps.add(new PlanStep.Scale(region, Side.CANARY, replicas));
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
        boolean background = canary.analysis().isPresent();
        if (background) {
            steps.add(new PlanStep.Analysis(region, "background",
                    analysis(canary.analysis().get(), canary.source(), "analysis"), AnalysisMode.BACKGROUND));
        }
        int weight = 0;
        List<CanaryStep> list = canary.stepList();
        for (int i = 0; i < list.size(); i++) {
            CanaryStep step = list.get(i);
            if (step.setWeight().isPresent()) {
                weight = step.setWeight().get();
                steps.add(new PlanStep.SetWeight(region, weight));
            } else if (step.pause().isPresent()) {
                Optional<Duration> duration = step.pause().get().duration();
                if (duration.isEmpty()) {
                    untimed(step.source(), "pause");
                }
                steps.add(new PlanStep.Pause(region, duration, PauseReason.CANARY_PAUSE_STEP));
            } else {
                // Named by position in the (read) step list, so "step-3" is the third step rollgate plan shows.
                steps.add(new PlanStep.Analysis(region, "step-" + (i + 1),
                        analysis(step.analysis().get(), step.source(), "analysis"), AnalysisMode.BLOCKING));
            }
        }
        if (weight < 100) {
            steps.add(new PlanStep.SetWeight(region, 100));
        }
        if (background) {
            steps.add(new PlanStep.EndAnalysis(region, "background"));
        }
        finish(region);
    }

    private void blueGreen(BlueGreenStrategy blueGreen, String region) {
        steps.add(new PlanStep.Scale(region, Side.CANARY, replicas));
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
        blueGreen.prePromotionAnalysis().ifPresent(a -> steps.add(new PlanStep.Analysis(region, "prePromotion",
                analysis(a, blueGreen.source(), "prePromotionAnalysis"), AnalysisMode.BLOCKING)));
        if (!blueGreen.autoPromotes()) {
            untimed(blueGreen.source(), "autoPromotionEnabled");
            steps.add(new PlanStep.Pause(region, Optional.empty(), PauseReason.BLUE_GREEN_PAUSE));
        } else if (blueGreen.autoPromotionSeconds().orElse(0) > 0) {
            steps.add(new PlanStep.Pause(region, Optional.of(Duration.ofSeconds(blueGreen.autoPromotionSeconds().get())),
                    PauseReason.BLUE_GREEN_PAUSE));
        }
        steps.add(new PlanStep.SetWeight(region, 100));
        postHooks(region);
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.SERVICE));
        blueGreen.postPromotionAnalysis().ifPresent(a -> steps.add(new PlanStep.Analysis(region, "postPromotion",
                analysis(a, blueGreen.source(), "postPromotionAnalysis"), AnalysisMode.BLOCKING)));
        if (blueGreen.scaleDownDelay() > 0) {
            steps.add(new PlanStep.Pause(region, Optional.of(Duration.ofSeconds(blueGreen.scaleDownDelay())),
                    PauseReason.SCALE_DOWN_DELAY));
        }
        steps.add(new PlanStep.Scale(region, Side.STABLE, 0));
        steps.add(new PlanStep.MarkStable(region));
    }

    /**
     * Batches that never run more than {@code replicas + surge} instances nor keep fewer than
     * {@code replicas - unavailable} ready (a Scale waits for health, so scaled-up instances count as ready).
     * Traffic follows the instances: before stable shrinks, the canary gets its share of what will remain.
     */
    private void rolling(RollingStrategy rolling, String region) {
        int n = replicas;
        int surge = rolling.surge(n);
        int unavailable = Math.min(rolling.unavailable(n), n);
        if (surge == 0 && unavailable == 0) {
            problems.add(rolling.source().problem("maxUnavailable", "with " + n + " replicas, maxSurge "
                    + rolling.maxSurge().orElse(RollingStrategy.DEFAULT_MAX_SURGE) + " and maxUnavailable "
                    + rolling.maxUnavailable().orElse(RollingStrategy.DEFAULT_MAX_UNAVAILABLE)
                    + " both come to 0 instances, so none could be replaced; allow at least one"));
            return;
        }
        int canary = 0;
        int stable = n;
        int weight = 0;
        boolean verified = false;
        while (true) {
            int target = Math.min(n, n + surge - stable);
            boolean progressed = false;
            if (target > canary) {
                canary = target;
                progressed = true;
                steps.add(new PlanStep.Scale(region, Side.CANARY, canary));
                if (!verified) {
                    steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
                    verified = true;
                }
            }
            int remaining = Math.max(0, n - unavailable - canary);
            int share = canary == 0 ? 0 : (int) Math.round(100.0 * canary / (canary + remaining));
            if (share > weight) {
                weight = share;
                steps.add(new PlanStep.SetWeight(region, weight));
            }
            if (canary == n) {
                break; // the last stable instances stop once the service is verified, below
            }
            if (remaining < stable) {
                stable = remaining;
                progressed = true;
                steps.add(new PlanStep.Scale(region, Side.STABLE, stable));
            }
            if (!progressed) {
                throw new IllegalStateException("rolling update stuck at " + canary + " new and " + stable + " old");
            }
        }
        postHooks(region);
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.SERVICE));
        if (stable > 0) {
            steps.add(new PlanStep.Scale(region, Side.STABLE, 0));
        }
        steps.add(new PlanStep.MarkStable(region));
    }

    private void recreate(String region) {
        steps.add(new PlanStep.Scale(region, Side.STABLE, 0));
        steps.add(new PlanStep.Scale(region, Side.CANARY, replicas));
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.INSTANCES));
        steps.add(new PlanStep.SetWeight(region, 100));
        postHooks(region);
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.SERVICE));
        steps.add(new PlanStep.MarkStable(region));
    }

    /** The common end of canary: hooks, verify through the router, stop the old version, mark stable. */
    private void finish(String region) {
        postHooks(region);
        steps.add(new PlanStep.VerifyVersion(region, VersionScope.SERVICE));
        steps.add(new PlanStep.Scale(region, Side.STABLE, 0));
        steps.add(new PlanStep.MarkStable(region));
    }

    private void preHooks(String region) {
        hook(region, HookPhase.PRE_DEPLOY);
        hook(region, HookPhase.MIGRATE);
    }

    private void postHooks(String region) {
        hook(region, HookPhase.POST_DEPLOY);
        hook(region, HookPhase.SMOKE);
    }

    private void hook(String region, HookPhase phase) {
        if (hooks.hook(phase).isPresent()) {
            steps.add(new PlanStep.RunHook(region, phase));
        }
    }

    /** The environment's template overridden by {@code own}; an impossible combination is reported at {@code at}. */
    private AnalysisSpec analysis(AnalysisSpec own, Source at, String field) {
        try {
            AnalysisSpec effective = rollout.effectiveAnalysis(own, at, field);
            if (effective.measuresNothing()) {
                problems.add(at.problem(field, "this analysis measures nothing: name a metric in it or in the "
                        + "environment's analysis template"));
            } else {
                effective.requireRunnable(); // checked at load time already for a spec read from a file
            }
            return effective;
        } catch (Source.InvalidAtSourceException e) {
            problems.add(e.problem());
            return own;
        } catch (InvalidFieldException e) {
            problems.add(at.problem(field + "." + e.field(), e.getMessage()));
            return own;
        }
    }

    private void untimed(Source at, String field) {
        if (attendance == Attendance.UNATTENDED) {
            problems.add(at.problem(field, "pause without duration in a non-interactive run: it would wait for "
                    + "`rollgate promote` and no one is there to run it; give it a duration (pause: {duration: 10m}) "
                    + "or run attended"));
        }
    }
}
