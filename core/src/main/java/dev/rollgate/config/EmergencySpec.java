package dev.rollgate.config;

import java.util.Optional;

/** Whether a person may override the window or a freeze, or skip tests, and what that demands. */
@Doc("Emergency overrides: a manual run outside the window or in a freeze, or one that skips tests.")
public record EmergencySpec(
        @Required @Doc("Whether emergencies are allowed at all.") Boolean allowed,
        @Doc("Minimum length of the reason, in characters. Default: 20.") Optional<Integer> minReasonLength,
        @Doc("Approvals an emergency needs instead of the environment's usual approvals.") Optional<ApprovalSpec> approvals) {

    public static final int DEFAULT_MIN_REASON_LENGTH = 20;

    public EmergencySpec {
        if (minReasonLength.isPresent() && minReasonLength.get() < 1) {
            throw new InvalidFieldException("minReasonLength", "must be at least 1; a reason is always required");
        }
    }

    public int minimumReasonLength() {
        return minReasonLength.orElse(DEFAULT_MIN_REASON_LENGTH);
    }
}
