package dev.rollgate.state;

/** A held environment lock. Closing it releases the lock; releasing twice is harmless. */
public interface LockHandle extends AutoCloseable {

    LockHolder holder();

    void release();

    @Override
    default void close() {
        release();
    }
}
