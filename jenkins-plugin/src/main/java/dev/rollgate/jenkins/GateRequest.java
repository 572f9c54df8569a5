package dev.rollgate.jenkins;

import java.io.Serializable;

/**
 * What a {@code deploymentGate} call asked for, as the execution keeps it across a controller restart: small,
 * serializable facts only (the step itself is not serializable and is not kept). A plain class, not a record:
 * Jenkins writes running executions with JBoss Marshalling, which sets fields reflectively, and a record's fields
 * cannot be set that way.
 */
final class GateRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String environment;
    private final String config;
    private final String version;
    private final String reason;
    private final boolean emergency;
    private final boolean skipTests;
    private final boolean failWhenBlocked;
    private final boolean waitForWindow;

    GateRequest(String environment, String config, String version, String reason, boolean emergency,
                boolean skipTests, boolean failWhenBlocked, boolean waitForWindow) {
        this.environment = environment;
        this.config = config;
        this.version = version;
        this.reason = reason;
        this.emergency = emergency;
        this.skipTests = skipTests;
        this.failWhenBlocked = failWhenBlocked;
        this.waitForWindow = waitForWindow;
    }

    String environment() {
        return environment;
    }

    String config() {
        return config;
    }

    String version() {
        return version;
    }

    String reason() {
        return reason;
    }

    boolean emergency() {
        return emergency;
    }

    boolean skipTests() {
        return skipTests;
    }

    boolean failWhenBlocked() {
        return failWhenBlocked;
    }

    boolean waitForWindow() {
        return waitForWindow;
    }

    /** Whether a person gave this call a reason, an emergency or skipTests. */
    boolean hasPersonInputs() {
        return reason != null || emergency || skipTests;
    }

    /** This request with another call's reason, emergency and skipTests (the build's passed deploymentGate). */
    GateRequest withPersonInputs(String reason, boolean emergency, boolean skipTests) {
        return new GateRequest(environment, config, version, reason, emergency, skipTests, failWhenBlocked,
                waitForWindow);
    }
}
