package dev.rollgate.config;

import java.time.Instant;
import java.util.Optional;

/** A period in which nothing is deployed: [from, until). */
@Doc("A deployment freeze, half-open: from is inside, until is not.")
public record FreezeSpec(
        @Required @Doc("Start, with offset: 2026-12-21T00:00:00Z.") Instant from,
        @Required @Doc("End, with offset; must be after from.") Instant until,
        @Required @Doc("Shown to everyone who is blocked.") String reason,
        @Doc("Whether an emergency may override this freeze. Default: true (if the environment allows emergencies).")
        Optional<Boolean> allowEmergency) {

    public FreezeSpec {
        if (!until.isAfter(from)) {
            throw new InvalidFieldException("until", "the freeze ends (" + until + ") before it starts (" + from + ")");
        }
        if (reason.isBlank()) {
            throw new InvalidFieldException("reason", "must not be blank");
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    public boolean emergencyAllowed() {
        return allowEmergency.orElse(true);
    }
}
