package dev.rollgate.analysis;

/**
 * The standard normal distribution, from the complementary error function of Numerical Recipes
 * ({@code erfcc}, Press et al., 2nd ed., §6.2): a Chebyshev fit whose relative error is below 1.2e-7 for every
 * argument. Relative (not absolute) accuracy matters here because p-values live in the far tail.
 */
final class StandardNormal {

    private static final double SQRT_2 = Math.sqrt(2.0);

    private StandardNormal() {
    }

    /** erfc(x) = 1 − erf(x), with relative error below 1.2e-7. */
    static double erfc(double x) {
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double value = t * Math.exp(-x * x + poly);
        return x >= 0 ? value : 2.0 - value;
    }

    /** P(Z ≤ z). Computed as erfc(−z/√2)/2 so the lower tail keeps its relative accuracy. */
    static double cdf(double z) {
        // The fit overshoots 1 by ~3e-8 at 0; clamp so callers always get a probability.
        return Math.min(1.0, 0.5 * erfc(-z / SQRT_2));
    }
}
