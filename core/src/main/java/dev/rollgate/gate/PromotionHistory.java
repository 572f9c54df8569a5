package dev.rollgate.gate;

import dev.rollgate.ledger.LedgerContents;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/** Where versions have succeeded: what the promotion-path gate ({@code gates.requires}) asks. */
@FunctionalInterface
public interface PromotionHistory {

    /** Knows of no success anywhere: every promotion requirement blocks. */
    PromotionHistory NONE = (service, environment, version) -> Optional.empty();

    /** When {@code version} of {@code service} last finished successfully in {@code environment}, if ever. */
    Optional<Instant> succeededAt(String service, String environment, String version);

    /**
     * The history a ledger records: the latest finish of an attempt that {@link Outcome#SUCCEEDED}, judged on each
     * attempt's latest record (an attempt that succeeded and was later superseded by a rollback record does not
     * count).
     */
    static PromotionHistory from(LedgerContents contents) {
        Objects.requireNonNull(contents, "contents");
        return (service, environment, version) -> contents.history(service, environment).stream()
                .filter(e -> e.version().equals(version) && e.outcome() == Outcome.SUCCEEDED)
                .map(PromotionHistory::finished)
                .max(Comparator.naturalOrder());
    }

    /**
     * What the deployment ledger in {@code stateDir} says, read only when {@code environment} has a promotion path
     * ({@code gates.requires}); otherwise {@link #NONE}, and no file is touched.
     */
    static PromotionHistory forEnvironment(dev.rollgate.config.RollgateConfig.NamedEnvironment environment,
                                           java.nio.file.Path stateDir) throws java.io.IOException {
        if (environment.spec().gatesOrNone().requires().isEmpty()) {
            return NONE;
        }
        return from(new dev.rollgate.ledger.FileDeploymentLedger(stateDir).read());
    }

    private static Instant finished(LedgerEntry entry) {
        // A succeeded attempt always has a finish time; the start is a safe (earlier, so stricter) stand-in.
        return entry.finishedAt().orElse(entry.startedAt());
    }
}
