package dev.rollgate.analysis;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * The two-sample Mann–Whitney U test (Wilcoxon rank-sum) of a canary sample against a baseline sample, with
 * effect sizes, as a canary judge needs it. Distribution-free, so it suits skewed, noisy metrics like latency.
 *
 * <p>P-value method: when neither sample has more than {@value #EXACT_MAX_SIZE} values and there are no ties,
 * the p-value comes from the exact null distribution of U (the rule R's {@code wilcox.test} uses); the normal
 * approximation is poor there, notably in the tails a canary gate looks at. Otherwise it is the normal
 * approximation with continuity correction and tie-corrected variance
 * σ² = n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))). If every value is the same there is no evidence either way and
 * the p-value is 1.
 *
 * <p>Cost: O(n log n) for sorting and ranks (n = n₁+n₂); the exact distribution is O(n₁²n₂²) but only below
 * the size limit (≈1.4 million steps at 49×49); the Hodges–Lehmann shift is found by selection over the
 * implicit sorted matrix of pairwise differences, O(n₁ log n₂) per round and O(log(n₁n₂)) rounds expected,
 * without materialising the n₁n₂ differences.
 */
public final class MannWhitney {

    /** The largest sample size for which, absent ties, the exact distribution of U is used. */
    public static final int EXACT_MAX_SIZE = 49;

    /** The alternative hypothesis, stated for the canary. */
    public enum Tail {
        /** The canary tends to be larger (e.g. latency got worse). */
        GREATER,
        /** The canary tends to be smaller. */
        LESS,
        /** The canary differs in either direction. */
        TWO_SIDED
    }

    private MannWhitney() {
    }

    public static MannWhitneyResult test(double[] baseline, double[] canary, Tail tail) {
        Objects.requireNonNull(tail, "tail");
        double[] b = sortedCopy("baseline", baseline);
        double[] c = sortedCopy("canary", canary);
        Ranking ranking = Ranking.of(b, c);
        double canaryU = ranking.canaryU();
        double baselineU = (double) b.length * c.length - canaryU;
        double shift = new PairwiseDifferences(b, c).median();

        if (ranking.tieSum() == 0 && b.length <= EXACT_MAX_SIZE && c.length <= EXACT_MAX_SIZE) {
            double p = exactPValue(b.length, c.length, (int) canaryU, tail);
            return new MannWhitneyResult(b.length, c.length, baselineU, canaryU, tail,
                    MannWhitneyResult.Method.EXACT, OptionalDouble.empty(), p, shift);
        }
        double z = ranking.allTied() ? 0.0 : zScore(b.length, c.length, canaryU, ranking.tieSum(), tail);
        double p = ranking.allTied() ? 1.0 : switch (tail) {
            case GREATER -> StandardNormal.cdf(-z);
            case LESS -> StandardNormal.cdf(z);
            case TWO_SIDED -> Math.min(1.0, 2 * StandardNormal.cdf(-Math.abs(z)));
        };
        return new MannWhitneyResult(b.length, c.length, baselineU, canaryU, tail,
                MannWhitneyResult.Method.NORMAL_APPROXIMATION, OptionalDouble.of(z), p, shift);
    }

    private static double[] sortedCopy(String name, double[] sample) {
        Objects.requireNonNull(sample, name);
        if (sample.length == 0) {
            throw new IllegalArgumentException(name + " sample is empty; it needs at least one value");
        }
        double[] copy = new double[sample.length];
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException(
                        name + " sample has a non-finite value " + sample[i] + " at index " + i);
            }
            copy[i] = sample[i] + 0.0; // turns -0.0 into 0.0 so that sorting and equality agree
        }
        Arrays.sort(copy);
        return copy;
    }

    private static double zScore(int nb, int nc, double canaryU, double tieSum, Tail tail) {
        double n = (double) nb + nc;
        double pairs = (double) nb * nc;
        double variance = pairs / 12 * ((n + 1) - tieSum / (n * (n - 1)));
        double deviation = canaryU - pairs / 2;
        // Continuity correction moves U half a step towards the mean, in the direction being tested.
        double correction = switch (tail) {
            case GREATER -> 0.5;
            case LESS -> -0.5;
            case TWO_SIDED -> 0.5 * Math.signum(deviation);
        };
        return (deviation - correction) / Math.sqrt(variance);
    }

    private static double exactPValue(int nb, int nc, int canaryU, Tail tail) {
        double[] density = exactDistribution(nb, nc);
        int max = nb * nc;
        double upper = atLeast(density, canaryU);
        double lower = atLeast(density, max - canaryU); // U is symmetric about nb·nc/2
        double p = switch (tail) {
            case GREATER -> upper;
            case LESS -> lower;
            case TWO_SIDED -> 2 * Math.min(upper, lower);
        };
        return Math.min(1.0, p);
    }

    /**
     * P(U ≥ k). Only the thin upper tail is summed, from its far end, so tiny p-values keep their precision
     * and a near-certain one comes out as 1 − (small sum) rather than a long sum drifting below 1.
     */
    private static double atLeast(double[] density, int k) {
        int max = density.length - 1;
        if (k <= 0) {
            return 1.0;
        }
        if (2 * k > max) {
            return sumFromTop(density, k);
        }
        return 1.0 - sumFromTop(density, max - k + 1); // P(U ≤ k−1), by symmetry
    }

    private static double sumFromTop(double[] density, int k) {
        double sum = 0;
        for (int u = density.length - 1; u >= k; u--) {
            sum += density[u];
        }
        return sum;
    }

    /**
     * P(U_canary = u) for u = 0..nb·nc under the null hypothesis, by the classic recurrence on the largest
     * observation: it is a canary value with probability i/(i+j), beating all j baseline values, otherwise
     * a baseline value that beats nobody. Carrying probabilities rather than counts keeps every step a convex
     * combination, so nothing overflows and nothing cancels.
     */
    static double[] exactDistribution(int nb, int nc) {
        double[][] previous = new double[nb + 1][]; // i − 1 canary values, j baseline values
        for (int j = 0; j <= nb; j++) {
            previous[j] = new double[] {1.0};
        }
        for (int i = 1; i <= nc; i++) {
            double[][] current = new double[nb + 1][];
            current[0] = new double[] {1.0};
            for (int j = 1; j <= nb; j++) {
                double canaryLargest = (double) i / (i + j);
                double[] withoutCanary = previous[j];
                double[] withoutBaseline = current[j - 1];
                double[] density = new double[i * j + 1];
                for (int u = 0; u < withoutBaseline.length; u++) {
                    density[u] = (1 - canaryLargest) * withoutBaseline[u];
                }
                for (int u = 0; u < withoutCanary.length; u++) {
                    density[u + j] += canaryLargest * withoutCanary[u];
                }
                current[j] = density;
            }
            previous = current;
        }
        return previous[nb];
    }

    /** Midrank bookkeeping of the pooled sample. */
    private record Ranking(double canaryU, double tieSum, boolean allTied) {

        /** Merges two sorted samples; each run of equal values shares the average of the ranks it spans. */
        static Ranking of(double[] b, double[] c) {
            int i = 0;
            int j = 0;
            long ranked = 0;
            int groups = 0;
            double canaryRankSum = 0;
            double tieSum = 0;
            while (i < b.length || j < c.length) {
                double value = j == c.length || (i < b.length && b[i] <= c[j]) ? b[i] : c[j];
                int fromBaseline = 0;
                while (i < b.length && b[i] == value) {
                    i++;
                    fromBaseline++;
                }
                int fromCanary = 0;
                while (j < c.length && c[j] == value) {
                    j++;
                    fromCanary++;
                }
                double t = fromBaseline + fromCanary;
                canaryRankSum += fromCanary * (ranked + (t + 1) / 2);
                tieSum += t * t * t - t;
                ranked += fromBaseline + fromCanary;
                groups++;
            }
            double nc = c.length;
            return new Ranking(canaryRankSum - nc * (nc + 1) / 2, tieSum, groups == 1);
        }
    }

    /**
     * The n_c × n_b differences canary − baseline, never materialised. With both samples sorted, row i
     * (c[i] − b[n_b−1−k] for k = 0..n_b−1) is ascending, which lets a randomised selection narrow a per-row
     * window of candidates until few enough remain to sort.
     */
    private static final class PairwiseDifferences {

        private static final int SORT_BELOW = 256;

        private final double[] b;
        private final double[] c;

        PairwiseDifferences(double[] sortedBaseline, double[] sortedCanary) {
            this.b = sortedBaseline;
            this.c = sortedCanary;
        }

        double median() {
            long count = (long) b.length * c.length;
            if (count % 2 == 1) {
                return select(count / 2);
            }
            double low = select(count / 2 - 1);
            double high = select(count / 2);
            return low + (high - low) / 2;
        }

        private double at(int row, int k) {
            return c[row] - b[b.length - 1 - k];
        }

        /** The k-th smallest difference, 0-based. */
        private double select(long k) {
            int rows = c.length;
            int[] lo = new int[rows];
            int[] hi = new int[rows];
            Arrays.fill(hi, b.length);
            long below = 0; // differences known to rank before every candidate left in the windows
            SplittableRandom random = new SplittableRandom(k); // the pivot choice affects speed, not the answer
            while (true) {
                long candidates = 0;
                for (int r = 0; r < rows; r++) {
                    candidates += hi[r] - lo[r];
                }
                if (candidates <= SORT_BELOW) {
                    return sortAndPick(lo, hi, (int) candidates, (int) (k - below));
                }
                double pivot = candidateAt(lo, hi, random.nextLong(candidates));
                int[] firstNotLess = new int[rows];
                int[] firstGreater = new int[rows];
                long less = below;
                long lessOrEqual = below;
                for (int r = 0; r < rows; r++) {
                    firstNotLess[r] = firstIndex(r, lo[r], hi[r], pivot, false);
                    firstGreater[r] = firstIndex(r, firstNotLess[r], hi[r], pivot, true);
                    less += firstNotLess[r] - lo[r];
                    lessOrEqual += firstGreater[r] - lo[r];
                }
                if (k < less) {
                    hi = firstNotLess;
                } else if (k < lessOrEqual) {
                    return pivot;
                } else {
                    below = lessOrEqual;
                    lo = firstGreater;
                }
            }
        }

        private double candidateAt(int[] lo, int[] hi, long index) {
            long remaining = index;
            for (int r = 0; ; r++) {
                int width = hi[r] - lo[r];
                if (remaining < width) {
                    return at(r, lo[r] + (int) remaining);
                }
                remaining -= width;
            }
        }

        /** First k in [from, to) whose difference is ≥ pivot (or > pivot when strict); to if none. */
        private int firstIndex(int row, int from, int to, double pivot, boolean strict) {
            int low = from;
            int high = to;
            while (low < high) {
                int mid = (low + high) >>> 1;
                double d = at(row, mid);
                if (strict ? d > pivot : d >= pivot) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }

        private double sortAndPick(int[] lo, int[] hi, int candidates, int rank) {
            double[] left = new double[candidates];
            int n = 0;
            for (int r = 0; r < lo.length; r++) {
                for (int k = lo[r]; k < hi[r]; k++) {
                    left[n++] = at(r, k);
                }
            }
            Arrays.sort(left);
            return left[rank];
        }
    }
}
