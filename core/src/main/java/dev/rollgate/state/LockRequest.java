package dev.rollgate.state;

import java.util.Objects;

/**
 * A wish to run a rollout of one service in one environment.
 *
 * @param owner   who asks, for example a CI user or {@code jenkins:job/42}
 * @param purpose what for, for example {@code deploy v2.3.1}
 */
public record LockRequest(ServiceEnvironment scope, String owner, String purpose) {

    public LockRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(purpose, "purpose");
    }
}
