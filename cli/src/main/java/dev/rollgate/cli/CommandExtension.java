package dev.rollgate.cli;

import java.time.Clock;

/**
 * A subcommand that another module adds to {@code rollgate}, found with {@link java.util.ServiceLoader} on the
 * class path: the GitHub Action's {@code rollgate github-action} lives in its own module (it brings the GitHub
 * client) and joins the same command line, exit codes and help when its jar is there.
 */
public interface CommandExtension {

    /** The picocli {@code @Command} object to add, built with the clock and sleeper the CLI was given. */
    Object command(Clock clock, Sleeper sleeper);
}
