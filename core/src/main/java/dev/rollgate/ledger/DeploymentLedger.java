package dev.rollgate.ledger;

import java.io.IOException;

/**
 * The append-only record of every deployment attempt: the source of {@code history}, incident
 * reports and DORA metrics. Records are never changed; a later record with the same id supersedes
 * an earlier one.
 */
public interface DeploymentLedger {

    /** Adds a record; once this returns, the record survives a crash of this process or the host. */
    void append(LedgerEntry entry) throws IOException;

    /** Everything readable, with a warning for each record that is not. */
    LedgerContents read() throws IOException;
}
