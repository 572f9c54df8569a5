package dev.rollgate.cli;

import dev.rollgate.config.ConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rollgate schema}: prints the JSON Schema of rollgate.yaml, for editors. */
@Command(mixinStandardHelpOptions = true, versionProvider = RollgateCommand.Version.class, name = "schema", description = "Print the JSON Schema of rollgate.yaml (also at docs/schema/rollgate.schema.json).")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ConfigSchema.generate());
        return ExitCode.OK.code();
    }
}
