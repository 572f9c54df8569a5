package dev.rollgate.ledger;

import java.util.Objects;

/**
 * A ledger line that was skipped because it cannot be read, typically the last line of a write
 * cut short by a crash.
 *
 * @param source the ledger, for example its file
 * @param line   1-based line number
 */
public record LedgerWarning(String source, long line, String problem) {

    public LedgerWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return source + ":" + line + ": " + problem;
    }
}
