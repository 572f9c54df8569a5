package dev.rollgate.cli;

import dev.rollgate.driver.Interruption;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate rollback}: back to the previous stable version. */
@Command(name = "rollback",
        description = {"Roll back. During a rollout: like abort, but it ends RolledBack. After one: deploy the"
                + " previous successful version from the ledger (or --to V) at once, without steps or analysis.",
                "Prints the resulting status. Exit 0 once rolled back, 4 if it could not complete, 5 when locked."})
final class RollbackCommand extends EnvironmentCommand {

    @Option(names = "--to", paramLabel = "V", description = "The version to go back to. Default: the previous"
            + " successful version in the ledger.")
    String to;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who rolls back. Default: $USER.")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Option(names = "--wait-lock", paramLabel = "DURATION", defaultValue = "0s",
            converter = GateCommand.DurationConverter.class,
            description = "Wait this long for the environment lock, e.g. 5m. Default: ${DEFAULT-VALUE}.")
    Duration waitLock;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (to != null && to.isBlank()) {
            throw new UsageException("--to must not be blank");
        }
        Context c = context();
        int code = drive(c, Interruption.ABORT, Optional.empty(), Ending.STATUS,
                listener -> c.deployer().rollback(Optional.ofNullable(to), PromoteCommand.actor(actor),
                        PromoteCommand.text(reason), waitLock, listener));
        return AbortCommand.asked(code);
    }
}
