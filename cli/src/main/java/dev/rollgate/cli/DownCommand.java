package dev.rollgate.cli;

import dev.rollgate.target.TargetException;
import dev.rollgate.target.local.LocalTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code rollgate down}: stops an environment's local target (its router and every instance). */
@Command(name = "down",
        description = {"Stop the local target of an environment: the agent, its router and every instance it runs"
                + " (every region). Rollout state and the ledger stay. The next deploy starts it again.",
                "Refused while a rollout of the environment is in progress: abort it first."})
final class DownCommand extends EnvironmentCommand {

    @Override
    public Integer call() throws Exception {
        Context c = context();
        if (c.deployer().status().filter(s -> !s.isFinished()).isPresent()) {
            err().println("rollgate: a rollout of " + c.deployer().scope() + " is in progress; abort it first");
            return ExitCode.USAGE.code();
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(LocalTarget.directory(c.stateDir(), c.policy().service(), c.environment().name(), Optional.empty()));
        c.environment().spec().rollout().flatMap(r -> r.strategy()).flatMap(s -> s.multiRegion())
                .ifPresent(m -> m.regions().forEach(r -> dirs.add(LocalTarget.directory(c.stateDir(),
                        c.policy().service(), c.environment().name(), Optional.of(r.name())))));
        int stopped = 0;
        for (Path dir : dirs) {
            try {
                if (LocalTarget.shutdown(dir)) {
                    stopped++;
                }
            } catch (TargetException e) {
                err().println("rollgate: could not stop the local target in " + dir + ": " + e.getMessage());
                return ExitCode.TARGET_UNAVAILABLE.code();
            }
        }
        out().println(stopped == 0 ? "nothing was running for " + c.deployer().scope()
                : "stopped the local target of " + c.deployer().scope() + (stopped > 1 ? " (" + stopped + " regions)" : ""));
        return ExitCode.OK.code();
    }
}
