package dev.rollgate.rollout;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.RolloutPlan;

/**
 * How analysis runs are named in a rollout's status: by the plan's analysis name, prefixed with the region when the
 * plan has several ({@code eu-west/background}), so each region's runs are told apart.
 */
final class RunNames {

    private final RolloutPlan plan;

    RunNames(RolloutPlan plan) {
        this.plan = plan;
    }

    String name(PlanStep.Analysis analysis) {
        return qualified(analysis.region(), analysis.name());
    }

    String qualified(String region, String name) {
        return plan.regions().size() > 1 ? region + "/" + name : name;
    }

    boolean belongsTo(String runName, String region) {
        return plan.regions().size() == 1 || runName.startsWith(region + "/");
    }

    boolean isBackground(String runName) {
        return plan.steps().stream().anyMatch(s -> s instanceof PlanStep.Analysis a
                && a.mode() == PlanStep.AnalysisMode.BACKGROUND && name(a).equals(runName));
    }

    /** The analysis a background run was started from, to start it afresh. */
    AnalysisSpec backgroundSpec(String runName) {
        return plan.steps().stream().filter(s -> s instanceof PlanStep.Analysis a && name(a).equals(runName))
                .map(s -> ((PlanStep.Analysis) s).spec()).findFirst().orElseThrow();
    }
}
