package dev.rollgate.state;

import java.util.Objects;
import java.util.Optional;

/** What {@link EnvironmentLock#tryAcquire} got: the lock, or the news that someone else has it. */
public sealed interface Acquisition permits Acquisition.Acquired, Acquisition.HeldBy {

    /** The caller holds the lock until it releases the handle. */
    record Acquired(LockHandle handle) implements Acquisition {
        public Acquired {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /**
     * Someone else holds the lock.
     *
     * @param holder who, when known: a holder records itself just after it takes the lock, so a
     *               request racing that moment sees the lock taken but nobody named yet
     */
    record HeldBy(Optional<LockHolder> holder) implements Acquisition {
        public HeldBy {
            Objects.requireNonNull(holder, "holder");
        }

        public String describe() {
            return holder.map(h -> "held by " + h).orElse("held by another process that has not named itself yet");
        }
    }
}
