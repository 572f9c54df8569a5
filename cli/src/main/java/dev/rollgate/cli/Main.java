package dev.rollgate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Entry point of the {@code rollgate} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, Clock.systemUTC(), Sleeper.real(), args));
    }

    /** Runs one command with injected streams, clock and waiting; returns the exit code. Tests call this. */
    public static int run(PrintWriter out, PrintWriter err, Clock clock, Sleeper sleeper, String... args) {
        int code = RollgateCommand.commandLine(out, err, clock, sleeper).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
