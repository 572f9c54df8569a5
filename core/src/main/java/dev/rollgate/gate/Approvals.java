package dev.rollgate.gate;

import dev.rollgate.config.ApprovalSpec;
import dev.rollgate.config.Durations;
import dev.rollgate.model.Approval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges recorded approvals against a policy: enough distinct people, every listed role covered, each approval
 * younger than the maximum age. The deployer's own approval never counts (four eyes).
 */
final class Approvals {

    private Approvals() {
    }

    static GateResult judge(ApprovalSpec spec, List<Approval> approvals, Optional<String> actor, Instant now) {
        List<String> ignored = new ArrayList<>();
        Map<String, List<Approval>> byPerson = new LinkedHashMap<>();
        Optional<Duration> maxAge = spec.maximumAge();
        for (Approval a : approvals) {
            if (actor.isPresent() && actor.get().equalsIgnoreCase(a.approver())) {
                ignored.add(a.approver() + " (the deployer cannot approve their own deployment)");
            } else if (maxAge.isPresent() && Duration.between(a.at(), now).compareTo(maxAge.get()) > 0) {
                ignored.add(a.approver() + " (approved " + Durations.format(Duration.between(a.at(), now)
                        .withNanos(0)) + " ago; older than " + Durations.format(maxAge.get()) + ")");
            } else if (!spec.roleList().isEmpty() && !spec.roleList().contains(a.role())) {
                ignored.add(a.approver() + " (role " + a.role() + " is not one of " + String.join(", ", spec.roleList()) + ")");
            } else {
                byPerson.computeIfAbsent(a.approver().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(a);
            }
        }
        Set<String> covered = new LinkedHashSet<>();
        List<String> counted = new ArrayList<>();
        byPerson.values().forEach(list -> list.forEach(a -> {
            counted.add(a.approver() + " as " + a.role());
            covered.add(a.role());
        }));
        List<String> missingRoles = spec.roleList().stream().filter(r -> !covered.contains(r)).toList();
        int people = byPerson.size();
        String has = counted.isEmpty() ? "none" : String.join(", ", counted);
        String ignoredText = ignored.isEmpty() ? "" : "; not counted: " + String.join(", ", ignored);
        if (people >= spec.requiredCount() && missingRoles.isEmpty()) {
            return GateResult.pass("approvals", people + " of " + spec.requiredCount() + " required approvals: "
                    + has + ignoredText);
        }
        StringBuilder reason = new StringBuilder("needs ").append(spec.requiredCount())
                .append(spec.requiredCount() == 1 ? " approval" : " approvals");
        if (!spec.roleList().isEmpty()) {
            reason.append(" covering ").append(String.join(", ", spec.roleList()));
        }
        reason.append("; has ").append(people).append(" (").append(has).append(')');
        if (!missingRoles.isEmpty()) {
            reason.append("; missing role ").append(String.join(", ", missingRoles));
        }
        return GateResult.block("approvals", reason + ignoredText);
    }
}
