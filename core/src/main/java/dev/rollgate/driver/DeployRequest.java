package dev.rollgate.driver;

import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.strategy.Attendance;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to roll out a version.
 *
 * @param waitLock how long to wait for another rollout of the environment to finish; zero fails at once
 */
public record DeployRequest(String version, String actor, Trigger trigger, DeploymentType deploymentType,
                            Optional<String> reason, Duration waitLock, Attendance attendance) {

    public DeployRequest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(deploymentType, "deploymentType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(waitLock, "waitLock");
        Objects.requireNonNull(attendance, "attendance");
        if (version.isBlank()) {
            throw new IllegalArgumentException("version must not be blank");
        }
    }
}
