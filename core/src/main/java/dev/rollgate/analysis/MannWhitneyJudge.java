package dev.rollgate.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Judges a metric over a whole run: a one-sided {@link MannWhitney} test of every canary value against every
 * baseline value, in the direction that is worse for users (higher latency and error rate, lower availability
 * and request rate). The canary fails only when the result is significant at alpha and its rank-biserial effect
 * in the worse direction is at least minEffect.
 */
final class MannWhitneyJudge {

    /** The judge's outcome: worse, fine, or unable to judge; with p-value and effect in {@code summary}. */
    record Judgement(AnalysisPhase phase, String summary) {
    }

    private MannWhitneyJudge() {
    }

    static Judgement judge(MetricSpec spec, List<Measurement> measurements) {
        Metric metric = spec.name();
        double[] canary = measurements.stream().filter(m -> m.phase() != MeasurementPhase.ERROR)
                .filter(m -> m.canary().isPresent()).mapToDouble(m -> m.canary().getAsDouble()).toArray();
        double[] baseline = measurements.stream().filter(m -> m.phase() != MeasurementPhase.ERROR)
                .filter(m -> m.baseline().isPresent()).mapToDouble(m -> m.baseline().getAsDouble()).toArray();
        int least = MetricSpec.MANN_WHITNEY_MIN_COUNT;
        if (canary.length < least || baseline.length < least) {
            return new Judgement(AnalysisPhase.INCONCLUSIVE, "Mann–Whitney needs at least " + least
                    + " canary and " + least + " baseline values of " + metric + ", had " + canary.length + " and "
                    + baseline.length);
        }
        boolean higherIsWorse = Quantities.higherIsWorse(metric);
        MannWhitneyResult result = MannWhitney.test(baseline, canary,
                higherIsWorse ? MannWhitney.Tail.GREATER : MannWhitney.Tail.LESS);
        double alpha = spec.alpha().orElse(MetricSpec.DEFAULT_ALPHA);
        double minEffect = spec.minEffect().orElse(MetricSpec.DEFAULT_MIN_EFFECT);
        boolean worse = result.significant(alpha, minEffect);
        double effect = result.rankBiserial();
        String direction = effect > 0 ? "canary higher" : effect < 0 ? "canary lower" : "no difference";
        String summary = "Mann–Whitney " + pValue(result.pValue()) + ", effect "
                + String.format(Locale.ROOT, "%.2f", Math.abs(effect)) + " (" + direction + "), "
                + canary.length + " canary vs " + baseline.length + " baseline values; "
                + (worse ? "canary worse than baseline (alpha " + Quantities.plain(alpha) + ", minEffect "
                + Quantities.plain(minEffect) + ")" : "no significant worsening");
        return new Judgement(worse ? AnalysisPhase.FAILED : AnalysisPhase.SUCCESSFUL, summary);
    }

    /** {@code p=0.003}; {@code p<0.001} for smaller values, which three decimals would show as 0. */
    static String pValue(double p) {
        return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
    }
}
