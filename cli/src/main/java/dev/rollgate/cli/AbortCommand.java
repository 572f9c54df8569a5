package dev.rollgate.cli;

import dev.rollgate.driver.Interruption;
import dev.rollgate.rollout.Command.Kind;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate abort}: stop a rollout; traffic goes back to the stable version. */
@Command(name = "abort",
        description = {"Abort a rollout in progress: traffic back to the stable version, the new version scaled"
                + " down; it ends Aborted. Prints the resulting status.",
                "Exit 0 once aborted, 4 if the rollback could not complete (fix the target, then rollgate resume)."})
final class AbortCommand extends EnvironmentCommand {

    @Option(names = "--actor", paramLabel = "NAME", description = "Who aborts. Default: $USER.")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Context c = context();
        int code = drive(c, Interruption.ABORT, Optional.empty(), Ending.STATUS,
                listener -> c.deployer().command(Kind.ABORT, PromoteCommand.actor(actor), PromoteCommand.text(reason),
                        listener));
        return asked(code);
    }

    /** Ending Aborted or RolledBack is what was asked for: exit 0. */
    static int asked(int code) {
        return code == ExitCode.ROLLED_BACK.code() ? ExitCode.OK.code() : code;
    }
}
