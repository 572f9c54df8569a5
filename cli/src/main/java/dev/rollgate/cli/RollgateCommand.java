package dev.rollgate.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rollgate}: the top-level command; the work happens in its subcommands. */
@Command(name = "rollgate",
        mixinStandardHelpOptions = true,
        versionProvider = RollgateCommand.Version.class,
        description = "Deployment gating and progressive delivery, driven from CI.",
        subcommands = {GateCommand.class, PlanCommand.class, DeployCommand.class, StatusCommand.class,
                PromoteCommand.class, AbortCommand.class, ResumeCommand.class, RollbackCommand.class,
                HistoryCommand.class, DownCommand.class, DemoCommand.class, ValidateCommand.class, SchemaCommand.class,
                CommandLine.HelpCommand.class})
final class RollgateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. rollgate gate --help");
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Clock clock, Sleeper sleeper) {
        CommandLine cli = new CommandLine(new RollgateCommand(), new Factory(clock, sleeper));
        for (CommandExtension extension : java.util.ServiceLoader.load(CommandExtension.class)) {
            cli.addSubcommand(extension.command(clock, sleeper));
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                commandLine.getErr().println("rollgate: " + e.getMessage());
                return ExitCode.USAGE.code();
            }
            commandLine.getErr().println("rollgate: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return ExitCode.INTERNAL.code();
        });
        Map<String, String> codes = new LinkedHashMap<>();
        Arrays.stream(ExitCode.values()).forEach(c -> codes.put(String.valueOf(c.code()), c.meaning()));
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cli.getSubcommands().values().forEach(sub ->
                sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes));
        return cli;
    }

    /** Hands the injected clock and sleeper to the commands that need them. */
    private record Factory(Clock clock, Sleeper sleeper) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GateCommand.class) {
                return cls.cast(new GateCommand(clock, sleeper));
            }
            K created = CommandLine.defaultFactory().create(cls);
            if (created instanceof RolloutCommandBase rollout) {
                rollout.inject(clock, sleeper);
            }
            return created;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RollgateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"rollgate " + (v == null ? "development build" : v)};
        }
    }
}
