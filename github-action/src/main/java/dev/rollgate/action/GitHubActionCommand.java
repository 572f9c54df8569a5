package dev.rollgate.action;

import dev.rollgate.cli.CommandExtension;
import dev.rollgate.cli.Sleeper;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rollgate github-action}: what the action's container runs. Reads everything from the environment the
 * runner provides ({@code INPUT_*}, {@code GITHUB_*}, the event file), so the same command with the same variables
 * and files reproduces a run without Docker.
 */
@Command(name = "github-action",
        mixinStandardHelpOptions = true,
        description = {"Run as a GitHub Action step: inputs from INPUT_* variables, the event from"
                + " GITHUB_EVENT_NAME and GITHUB_EVENT_PATH; outputs to GITHUB_OUTPUT, a job summary to"
                + " GITHUB_STEP_SUMMARY, annotations on stdout. See github-action/README.md.",
                "Exit 0 when done (a gate block too, unless fail_when_blocked), 1 blocked with fail_when_blocked,"
                        + " 2 bad input or a rejected emergency request, 3 rolled back or cancelled, 4 failed,"
                        + " 5 locked."})
public final class GitHubActionCommand implements Callable<Integer> {

    enum Stage { main, post }

    @Option(names = "--stage", paramLabel = "main|post", defaultValue = "main",
            description = "main: the step; post: the clean-up after the job (aborts a rollout the main stage"
                    + " could not finish). Default: ${DEFAULT-VALUE}.")
    Stage stage;

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "Decide the gates as if at this ISO-8601 instant, e.g. 2026-11-28T14:30:00Z (policy"
                    + " testing, as rollgate gate --at); the rollout itself runs in real time.")
    java.time.OffsetDateTime at;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final Sleeper sleeper;

    public GitHubActionCommand(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Integer call() {
        // Everything on stdout: the runner parses both streams, and one stream keeps ::stop-commands:: blocks whole.
        GitHubAction action = new GitHubAction(System.getenv(), clock, sleeper, GitHubSide.Factory.API,
                spec.commandLine().getOut()).decidingAt(java.util.Optional.ofNullable(at).map(t -> t.toInstant()));
        return stage == Stage.post ? action.post() : action.run();
    }

    /** Registers the command with {@code rollgate} (META-INF/services). */
    public static final class Extension implements CommandExtension {
        @Override
        public Object command(Clock clock, Sleeper sleeper) {
            return new GitHubActionCommand(clock, sleeper);
        }
    }
}
