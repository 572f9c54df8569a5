package dev.rollgate.config;

import java.util.List;
import java.util.Optional;

/** The gates of one environment. Every gate is optional; an absent gate does not apply. */
@Doc("The gates a deployment request must pass.")
public record GatesSpec(
        @Doc("Require a successful CI run for the commit.") Optional<CiSpec> ci,
        @Doc("When deployments may run. Automated triggers outside it are blocked; a manual run outside it is an "
                + "emergency override.") Optional<WindowSpec> window,
        @Doc("When schedule-triggered deployments may run, e.g. Sundays 02:00-03:00.") Optional<WindowSpec> maintenance,
        @Doc("Periods in which nothing is deployed, except emergencies the freeze allows and rollbacks.")
        Optional<List<FreezeSpec>> freezes,
        @Doc("Whether and how a person may override the window or a freeze, or skip tests.") Optional<EmergencySpec> emergency,
        @Doc("Approvals the request must carry.") Optional<ApprovalSpec> approvals,
        @Doc("Quality gates read from report files (JaCoCo, JUnit, SARIF, Trivy, gitleaks, file size).")
        Optional<List<QualityGateSpec>> quality,
        @Doc("The promotion path: the same version must have succeeded in another environment first (for example "
                + "staging), at least soak ago. Rollbacks are exempt.") Optional<PromotionRequirement> requires) {

    public static final GatesSpec NONE = new GatesSpec(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public List<FreezeSpec> freezeList() {
        return freezes.orElse(List.of());
    }

    public List<QualityGateSpec> qualityList() {
        return quality.orElse(List.of());
    }
}
