package dev.rollgate.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a ledger held when read.
 *
 * @param records  every readable record, oldest first, including the superseded ones
 * @param warnings the records that were skipped, and why
 */
public record LedgerContents(List<LedgerEntry> records, List<LedgerWarning> warnings) {

    public LedgerContents {
        records = List.copyOf(records);
        warnings = List.copyOf(warnings);
    }

    /**
     * One entry per attempt: the latest record of each id, in the order the attempts first
     * appeared (roughly: started).
     */
    public List<LedgerEntry> attempts() {
        Map<String, LedgerEntry> byId = new LinkedHashMap<>();
        for (LedgerEntry record : records) {
            // put() on an existing key keeps the key's original position: first appearance wins the
            // order, the last record wins the content.
            byId.put(record.id(), record);
        }
        return List.copyOf(byId.values());
    }

    /** The attempts for one service in one environment, oldest first. */
    public List<LedgerEntry> history(String service, String environment) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        return attempts().stream()
                .filter(entry -> entry.service().equals(service) && entry.environment().equals(environment))
                .toList();
    }

    /** The most recent attempt for one service in one environment. */
    public Optional<LedgerEntry> last(String service, String environment) {
        List<LedgerEntry> history = history(service, environment);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }
}
