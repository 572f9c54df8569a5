package dev.rollgate.cli;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.ConfigProblem;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.render.Escaping;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that reads rollgate.yaml. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "rollgate.yaml",
            description = "The policy file. Default: ${DEFAULT-VALUE}.")
    Path file;

    /** Loads the file, or throws a usage error listing every problem. */
    RollgateConfig load() {
        return loadWithReadings().config();
    }

    /** Loads the file with the loader's readings of non-canonical spellings, for plans to show. */
    ConfigLoader.Loaded loadWithReadings() {
        try {
            return ConfigLoader.loadWithReadings(file);
        } catch (ConfigException e) {
            StringBuilder s = new StringBuilder("invalid configuration (" + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems") + "):");
            for (ConfigProblem p : e.problems()) {
                // A problem may quote the file's own text (an unknown key): keep it on one line, escapes removed.
                s.append("\n  ").append(Escaping.singleLine(p.toString()));
            }
            throw new UsageException(s.toString());
        }
    }

    /** Report paths in the file are relative to the file's directory. */
    Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
