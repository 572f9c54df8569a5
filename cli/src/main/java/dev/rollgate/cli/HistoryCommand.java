package dev.rollgate.cli;

import dev.rollgate.ledger.LedgerEntry;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate history}: the ledger's deployments of an environment, oldest first. */
@Command(name = "history",
        description = {"List the deployments of an environment from the ledger, oldest first: version, outcome,"
                + " times, who, why and the rollback cause.",
                "--output json prints a JSON array, one object per attempt."})
final class HistoryCommand extends EnvironmentCommand {

    @Option(names = "--limit", paramLabel = "N", description = "Only the N most recent deployments.")
    Integer limit;

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, was " + limit);
        }
        Context c = context();
        List<LedgerEntry> attempts = c.deployer().history();
        if (limit != null && attempts.size() > limit) {
            attempts = attempts.subList(attempts.size() - limit, attempts.size());
        }
        out().print(output.json() ? HistoryOutput.json(attempts)
                : HistoryOutput.text(c.policy().service(), c.environment().name(), attempts, clock.instant()));
        return ExitCode.OK.code();
    }
}
