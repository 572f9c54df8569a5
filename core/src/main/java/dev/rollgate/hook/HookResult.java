package dev.rollgate.hook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one hook ran.
 *
 * @param exitCode the command's exit code; empty when there was no command, or it never exited by itself (it timed
 *                 out, or could not start)
 * @param output   the command's stdout and stderr merged, then one line per HTTP check; only the last
 *                 {@value HookRunner#OUTPUT_LIMIT} bytes are kept, after a note saying how much was left out
 * @param summary  one line a person reads: "migrate exited 1 after 0.4s", "smoke: GET /api/invoices answered 500,
 *                 expected 200"
 */
public record HookResult(HookPhase phase, boolean succeeded, Optional<Integer> exitCode, String output,
                         Duration duration, String summary) {

    public HookResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(summary, "summary");
    }
}
