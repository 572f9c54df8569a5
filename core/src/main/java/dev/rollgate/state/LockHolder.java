package dev.rollgate.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds an environment lock, so a blocked user can be told whom to ask.
 *
 * @param purpose what the holder is doing, for example {@code deploy v2.3.1}
 */
public record LockHolder(String owner, String host, long pid, Instant since, String purpose) {

    public LockHolder {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(purpose, "purpose");
    }

    @Override
    public String toString() {
        return owner + " (pid " + pid + " on " + host + ") since " + since + ": " + purpose;
    }
}
