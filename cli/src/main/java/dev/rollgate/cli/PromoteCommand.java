package dev.rollgate.cli;

import dev.rollgate.driver.Interruption;
import dev.rollgate.rollout.Command.Kind;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate promote}: end the current pause (or, with --full, every remaining one). */
@Command(name = "promote",
        description = {"Promote a rollout in progress: end the current pause and go on with the next step;"
                + " --full skips every remaining pause and analysis and goes straight to 100%%.",
                "The driver running the rollout acts on it; when none runs, this command drives the rollout to its"
                        + " next pause that needs a person, or to its end. Prints the resulting status."})
final class PromoteCommand extends EnvironmentCommand {

    @Option(names = "--full", description = "Skip every remaining pause and analysis: straight to 100%% and done.")
    boolean full;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who promotes. Default: $USER.")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Context c = context();
        Kind kind = full ? Kind.PROMOTE_FULL : Kind.PROMOTE;
        return drive(c, Interruption.ABORT, Optional.empty(), Ending.STATUS,
                listener -> c.deployer().command(kind, actor(actor), text(reason), listener));
    }

    static String actor(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    static String text(String reason) {
        return reason == null ? "" : reason;
    }
}
