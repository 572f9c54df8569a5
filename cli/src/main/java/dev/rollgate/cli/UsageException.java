package dev.rollgate.cli;

/** The user asked for something that cannot be done as asked; exits with {@link ExitCode#USAGE}. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
