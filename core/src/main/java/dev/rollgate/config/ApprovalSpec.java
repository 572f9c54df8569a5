package dev.rollgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How many distinct people must approve, which roles they must cover, and how fresh approvals must be. */
@Doc("Required approvals: distinct people, covering every listed role, each younger than maxAge.")
public record ApprovalSpec(
        @Doc("Number of distinct approvers. Default: the number of roles, at least 1.") Optional<Integer> required,
        @Doc("Roles that must each be covered by at least one approver.") Optional<List<String>> roles,
        @Doc("Oldest approval that still counts, e.g. 24h. Default: no limit.") Optional<java.time.Duration> maxAge) {

    public ApprovalSpec {
        if (required.isPresent() && required.get() < 1) {
            throw new InvalidFieldException("required", "must be at least 1; remove the approvals gate to need none");
        }
        if (roles.isPresent() && roles.get().stream().anyMatch(String::isBlank)) {
            throw new InvalidFieldException("roles", "a role must not be blank");
        }
        if (maxAge.isPresent() && (maxAge.get().isZero() || maxAge.get().isNegative())) {
            throw new InvalidFieldException("maxAge", "must be longer than 0s");
        }
    }

    public List<String> roleList() {
        return roles.orElse(List.of());
    }

    public int requiredCount() {
        return required.orElse(Math.max(1, roleList().size()));
    }

    public Optional<Duration> maximumAge() {
        return maxAge;
    }
}
