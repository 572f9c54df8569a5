package dev.rollgate.gate;

import dev.rollgate.config.Durations;
import dev.rollgate.config.PromotionRequirement;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The promotion-path gate ({@code gates.requires}): the requested version must have succeeded in an earlier
 * environment, at least {@code soak} ago.
 *
 * <p>Like the window, the soak is a wait: an accepted emergency may cut it short, and the result then shows
 * {@code overridden}. A version that never succeeded in the earlier environment is blocked even in an emergency:
 * waiting would not fix that, and nothing in the emergency rules skips an environment. Rollbacks are exempt.
 */
final class PromotionPath {

    static final String GATE = "promotion";

    private PromotionPath() {
    }

    static GateResult judge(PromotionRequirement requirement, PromotionHistory history, String service,
                            String environment, DeploymentRequest request, Instant now, boolean emergencyAccepted) {
        String earlier = requirement.environment();
        if (request.trigger() == Trigger.ROLLBACK) {
            return GateResult.skipped(GATE, "not checked for a rollback: restoring service comes first");
        }
        if (request.version().isEmpty()) {
            return GateResult.block(GATE, "no version given; " + environment + " deploys only versions that succeeded in "
                    + earlier + " first");
        }
        String version = request.version().get();
        Optional<Instant> succeeded = history.succeededAt(service, earlier, version);
        if (succeeded.isEmpty()) {
            return GateResult.block(GATE, "no record that " + version + " succeeded in " + earlier);
        }
        Duration soak = requirement.soakOrZero();
        Duration age = Duration.between(succeeded.get(), now);
        String when = version + " succeeded in " + earlier + " " + ago(age);
        if (age.compareTo(soak) >= 0) {
            return GateResult.pass(GATE, soak.isZero() ? when : when + "; soak " + soak(soak) + " done");
        }
        Instant until = succeeded.get().plus(soak);
        String shortfall = when + "; soak " + soak(soak) + " needs " + span(Duration.between(now, until), true)
                + " more, until " + minute(until);
        return emergencyAccepted
                ? GateResult.overridden(GATE, shortfall + "; overridden by emergency")
                : GateResult.block(GATE, shortfall);
    }

    /** The soak as people write it: 24h and 48h rather than 1d and 2d; longer ones in days. */
    static String soak(Duration soak) {
        boolean wholeHours = soak.toMinutesPart() == 0 && soak.toSecondsPart() == 0 && soak.toNanosPart() == 0;
        return wholeHours && soak.toHours() < 72 && soak.toHours() > 0 ? soak.toHours() + "h" : Durations.format(soak);
    }

    private static String ago(Duration age) {
        if (age.isNegative()) {
            // A success recorded after "now": clocks disagree between hosts. Say so rather than print "-3m ago".
            return "at a time later than now (clock skew of " + span(age.negated(), true) + ")";
        }
        return age.compareTo(Duration.ofMinutes(1)) < 0 ? "just now" : span(age, false) + " ago";
    }

    /** "21h", "1d 3h", "45m": whole minutes, rounded up when {@code roundUp} (a wait never understated). */
    static String span(Duration d, boolean roundUp) {
        long minutes = roundUp ? (d.getSeconds() + 59) / 60 : d.getSeconds() / 60;
        minutes = Math.max(minutes, roundUp ? 1 : 0);
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append("d");
        }
        if (hours > 0) {
            s.append(s.length() > 0 ? " " : "").append(hours).append("h");
        }
        if (mins > 0 || s.length() == 0) {
            s.append(s.length() > 0 ? " " : "").append(mins).append("m");
        }
        return s.toString();
    }

    /** 2026-11-26T10:00Z: UTC to the minute, rounded up so it is never before the soak ends. */
    private static String minute(Instant t) {
        Instant up = t.truncatedTo(ChronoUnit.MINUTES).equals(t) ? t : t.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        return OffsetDateTime.ofInstant(up, ZoneOffset.UTC).toString();
    }
}
