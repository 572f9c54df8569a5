package dev.rollgate.cli;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigProblem;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.Deployer;
import dev.rollgate.driver.Interruption;
import dev.rollgate.driver.RolloutListener;
import dev.rollgate.render.Escaping;
import dev.rollgate.render.Json;
import dev.rollgate.render.ProgressDisplay;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.RolloutPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every rollout command shares: {@code --config}, {@code --env}, {@code --state-dir}, {@code --output}, the
 * injected clock and sleeper, and the mapping of outcomes to exit codes.
 */
abstract class RolloutCommandBase implements Callable<Integer> {

    /** {@code --config}. */
    abstract ConfigOption config();

    /** {@code --env}, {@code --state-dir}. */
    abstract EnvironmentOptions where();

    /** {@code --output}. */
    abstract OutputOption output();

    // Not mixinStandardHelpOptions: its -V/--version would clash with --version (the version to deploy).
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.real();

    /** Called by the command factory. */
    void inject(Clock c, Sleeper s) {
        this.clock = c;
        this.sleeper = s;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The loaded config, its environment and the Deployer for it. */
    record Context(RollgateConfig policy, NamedEnvironment environment, Path stateDir, Deployer deployer) {
    }

    Context context() {
        dev.rollgate.config.ConfigLoader.Loaded loaded = config().loadWithReadings();
        RollgateConfig policy = loaded.config();
        NamedEnvironment env = where().resolve(policy, config());
        Path stateDir = where().stateDirectory(policy, config());
        Sleeper s = sleeper;
        Deployer deployer = new Deployer(new Deployer.Setup(policy, config().directory(), env, stateDir, clock,
                s::sleep, loaded.readings(env.name())));
        return new Context(policy, env, stateDir, deployer);
    }

    /** How a finished (or stopped) rollout maps to the exit code: see {@link ExitCode}. */
    static int exitCodeFor(RolloutStatus status) {
        switch (status.phase()) {
            case ROLLED_BACK:
            case ABORTED:
                return ExitCode.ROLLED_BACK.code();
            case FAILED:
                return ExitCode.TARGET_UNAVAILABLE.code();
            default:
                return ExitCode.OK.code();
        }
    }

    /** A refused request: prints why and returns its exit code. */
    int refused(DeployException e) {
        err().println("rollgate: " + Escaping.singleLine(e.getMessage()));
        switch (e.kind()) {
            case LOCKED:
                return ExitCode.LOCKED.code();
            case TARGET_UNAVAILABLE:
                return ExitCode.TARGET_UNAVAILABLE.code();
            default:
                return ExitCode.USAGE.code();
        }
    }

    /** An invalid rollout section: a usage error listing every problem with file:line, like {@code gate}. */
    static UsageException invalid(ConfigException e) {
        StringBuilder s = new StringBuilder("invalid configuration (" + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems") + "):");
        for (ConfigProblem p : e.problems()) {
            s.append("\n  ").append(Escaping.singleLine(p.toString()));
        }
        return new UsageException(s.toString());
    }

    /** One call into the Deployer that may drive a rollout. */
    @FunctionalInterface
    interface Operation {
        RolloutStatus run(RolloutListener listener)
                throws DeployException, ConfigException, IOException, InterruptedException;
    }

    /** How the end of a driven operation is printed in text mode. */
    enum Ending {
        /** The steps table and the final phase (deploy, resume). */
        SUMMARY,
        /** The resulting status (promote, abort, rollback). */
        STATUS
    }

    /**
     * Runs {@code op} with the live progress display and SIGINT/SIGTERM handling, then prints the summary or the
     * status (JSON: the status, on stdout; progress then goes to stderr). Returns the exit code.
     */
    int drive(Context c, Interruption onInterrupt, Optional<RolloutPlan> plan, Ending ending, Operation op)
            throws IOException, InterruptedException {
        PrintWriter progressOut = output().json() ? err() : out();
        ProgressDisplay display = new ProgressDisplay(progressOut, clock, plan,
                !output().json() && ProgressDisplay.interactive()).naming(naming(c));
        RolloutStatus result;
        int code;
        try (SignalHandling signals = SignalHandling.install(c.deployer()::stop, onInterrupt, err())) {
            try {
                result = op.run(display);
            } catch (DeployException e) {
                code = refused(e);
                signals.finished(code);
                return code;
            } catch (ConfigException e) {
                signals.finished(ExitCode.USAGE.code());
                throw invalid(e);
            }
            code = signals.interrupted() ? ExitCode.ROLLED_BACK.code() : exitCodeFor(result);
            if (output().json()) {
                display.summary(result);
                out().print(Json.render(StatusOutput.node(result)));
            } else if (ending == Ending.SUMMARY) {
                display.summary(result);
            } else {
                progressOut.println();
                out().print(StatusOutput.text(c.policy().service(), c.environment().name(), Optional.of(result),
                        clock.instant()));
            }
            if (signals.interrupted() && !result.isFinished()) {
                err().println("rollgate: the rollout was left " + result.phase().wireName()
                        + "; carry on with: rollgate resume " + naming(c));
            }
            out().flush();
            err().flush();
            signals.finished(code);
        }
        return code;
    }

    /** The options a follow-up command needs to name this environment, e.g. {@code --config x.yaml --env demo}. */
    String naming(Context c) {
        Path file = config().file;
        boolean defaultFile = file.equals(Path.of("rollgate.yaml"));
        return (defaultFile ? "" : "--config " + file + " ") + "--env " + c.environment().name()
                + (where().stateDir == null ? "" : " --state-dir " + where().stateDir);
    }

    /** Prints a status in the chosen format, to stdout. */
    void printStatus(Context c, java.util.Optional<RolloutStatus> status) {
        String service = c.policy().service();
        String env = c.environment().name();
        out().print(output().json() ? StatusOutput.json(service, env, status)
                : StatusOutput.text(service, env, status, clock.instant()));
        out().flush();
    }
}
