package dev.rollgate.state;

import java.io.IOException;

/**
 * One rollout per service and environment at a time. Never blocks: a driver that wants to wait
 * polls {@link #tryAcquire} on its own schedule, which keeps waiting and time out of the core.
 */
public interface EnvironmentLock {

    Acquisition tryAcquire(LockRequest request) throws IOException;
}
