package dev.rollgate.analysis;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of a {@link MannWhitney} test of a canary sample against a baseline sample.
 *
 * @param baselineU          U of the baseline: pairs where baseline beats canary, ties counting half
 * @param canaryU            U of the canary: pairs where canary beats baseline, ties counting half
 * @param tail               the alternative the p-value was computed for
 * @param z                  the continuity-corrected z score; empty when the p-value is exact
 * @param hodgesLehmannShift median of all pairwise differences canary − baseline, in the metric's unit
 */
public record MannWhitneyResult(
        int baselineSize,
        int canarySize,
        double baselineU,
        double canaryU,
        MannWhitney.Tail tail,
        Method method,
        OptionalDouble z,
        double pValue,
        double hodgesLehmannShift) {

    /** How the p-value was obtained. */
    public enum Method {
        /** From the exact null distribution of U (small samples without ties). */
        EXACT,
        /** From the normal approximation with continuity and tie correction. */
        NORMAL_APPROXIMATION
    }

    public MannWhitneyResult {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(z, "z");
        if (baselineSize < 1 || canarySize < 1) {
            throw new IllegalArgumentException(
                    "sample sizes must be at least 1, were " + baselineSize + " and " + canarySize);
        }
        double pairs = (double) baselineSize * canarySize;
        if (!(baselineU >= 0 && canaryU >= 0 && baselineU + canaryU == pairs)) {
            throw new IllegalArgumentException("U values " + baselineU + " and " + canaryU
                    + " must be non-negative and add up to " + baselineSize + "·" + canarySize);
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value must be in [0, 1], was " + pValue);
        }
        if ((method == Method.EXACT) != z.isEmpty()) {
            throw new IllegalArgumentException("a z score comes with the normal approximation and only with it");
        }
    }

    /** P(canary > baseline) + ½·P(tie) for a random pair: 0.5 means no difference. */
    public double probabilityOfSuperiority() {
        return canaryU / ((double) baselineSize * canarySize);
    }

    /** The rank-biserial correlation in [−1, 1]: +1 when every canary value exceeds every baseline value. */
    public double rankBiserial() {
        return 2 * probabilityOfSuperiority() - 1;
    }

    /**
     * Whether the difference is both statistically significant ({@code pValue < alpha}) and large enough to
     * matter. The effect floor keeps huge samples from failing a canary over a negligible shift.
     *
     * @param minEffect the least rank-biserial magnitude, in the tested direction, that counts (0 disables it)
     */
    public boolean significant(double alpha, double minEffect) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (!(minEffect >= 0 && minEffect <= 1)) {
            throw new IllegalArgumentException("minEffect is a rank-biserial magnitude in [0, 1], was " + minEffect);
        }
        double effect = switch (tail) {
            case GREATER -> rankBiserial();
            case LESS -> -rankBiserial();
            case TWO_SIDED -> Math.abs(rankBiserial());
        };
        return pValue < alpha && effect >= minEffect;
    }
}
