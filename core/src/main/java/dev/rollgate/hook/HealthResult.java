package dev.rollgate.hook;

import java.util.Objects;

/**
 * Whether new instances became healthy.
 *
 * @param summary  one line: "3 instances answered 200 on /health after 2 attempts", or which instance failed and how
 * @param attempts the rounds of polling made (the attempts of the slowest instance)
 */
public record HealthResult(boolean healthy, String summary, int attempts) {

    public HealthResult {
        Objects.requireNonNull(summary, "summary");
    }
}
