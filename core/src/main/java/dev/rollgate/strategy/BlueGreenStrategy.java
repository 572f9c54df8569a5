package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Source;
import java.util.Objects;
import java.util.Optional;

/**
 * Blue-green: the new version (green, "preview") starts beside the stable one (blue, "active"), is checked, and
 * then takes all traffic at once. The old version keeps running for {@code scaleDownDelaySeconds} so a rollback
 * is instant. Field names are Argo Rollouts' {@code BlueGreenStrategy}.
 */
@Doc("Start the new version beside the old, check it, then switch all traffic at once.")
public record BlueGreenStrategy(
        @Doc("Name of the service that carries live traffic (informational for the local target).")
        Optional<String> activeService,
        @Doc("Name of the service that reaches the new version before the switch (informational for the local "
                + "target).") Optional<String> previewService,
        @Doc("Analysis that must pass before the switch; the environment's analysis template, overridden by these "
                + "fields.") Optional<AnalysisSpec> prePromotionAnalysis,
        @Doc("Switch without a person. Default: true. false: wait for `rollgate promote`.")
        Optional<Boolean> autoPromotionEnabled,
        @Doc("With autoPromotionEnabled, wait this many seconds before the switch. Default: switch at once.")
        Optional<Integer> autoPromotionSeconds,
        @Doc("Analysis after the switch; failing rolls back to the old version, which is still running.")
        Optional<AnalysisSpec> postPromotionAnalysis,
        @Doc("Keep the old version running this many seconds after the switch. Default: 30.")
        Optional<Integer> scaleDownDelaySeconds,
        Source source) {

    public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

    public BlueGreenStrategy {
        Objects.requireNonNull(activeService, "activeService");
        Objects.requireNonNull(previewService, "previewService");
        Objects.requireNonNull(prePromotionAnalysis, "prePromotionAnalysis");
        Objects.requireNonNull(autoPromotionEnabled, "autoPromotionEnabled");
        Objects.requireNonNull(autoPromotionSeconds, "autoPromotionSeconds");
        Objects.requireNonNull(postPromotionAnalysis, "postPromotionAnalysis");
        Objects.requireNonNull(scaleDownDelaySeconds, "scaleDownDelaySeconds");
        Objects.requireNonNull(source, "source");
        if (autoPromotionSeconds.isPresent() && autoPromotionSeconds.get() < 0) {
            throw new InvalidFieldException("autoPromotionSeconds", "must not be negative");
        }
        if (autoPromotionSeconds.isPresent() && autoPromotionEnabled.isPresent() && !autoPromotionEnabled.get()) {
            // Argo ignores the delay then; saying so beats a pause that never ends when someone expected 5 minutes.
            throw new InvalidFieldException("autoPromotionSeconds",
                    "has no effect with autoPromotionEnabled: false (the switch waits for `rollgate promote`); "
                            + "remove one of them");
        }
        if (scaleDownDelaySeconds.isPresent() && scaleDownDelaySeconds.get() < 0) {
            throw new InvalidFieldException("scaleDownDelaySeconds", "must not be negative");
        }
    }

    /** Every field absent: switch at once when healthy, keep the old version 30 s. */
    public static final BlueGreenStrategy DEFAULT = new BlueGreenStrategy(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Source.NONE);

    public boolean autoPromotes() {
        return autoPromotionEnabled.orElse(true);
    }

    public int scaleDownDelay() {
        return scaleDownDelaySeconds.orElse(DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }
}
