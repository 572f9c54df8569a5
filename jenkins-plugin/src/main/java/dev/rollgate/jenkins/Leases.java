package dev.rollgate.jenkins;

import dev.rollgate.state.LockHandle;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Environment locks held by running step executions of this controller, by execution id. A lock belongs to the
 * controller's process (an OS file lock), so it cannot be serialized with the execution: after a restart the
 * execution's next round takes it again.
 */
final class Leases {

    private static final ConcurrentMap<String, LockHandle> HELD = new ConcurrentHashMap<>();

    private Leases() {
    }

    static boolean holds(String executionId) {
        return HELD.containsKey(executionId);
    }

    static void keep(String executionId, LockHandle handle) {
        LockHandle before = HELD.put(executionId, handle);
        if (before != null && before != handle) {
            before.release();
        }
    }

    static void release(String executionId) {
        Optional.ofNullable(HELD.remove(executionId)).ifPresent(LockHandle::release);
    }

    /** What a controller restart does: every lock goes with the process (tests). */
    static void dropAll() {
        HELD.values().forEach(LockHandle::release);
        HELD.clear();
    }
}
