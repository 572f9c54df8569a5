package dev.rollgate.gate.quality;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening report files with the same errors everywhere. */
final class ReportFiles {

    private ReportFiles() {
    }

    /** Fails unless {@code path} is an existing regular file (symbolic links followed). */
    static void requireFile(Path path) throws ReportException {
        if (Files.isRegularFile(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            throw new ReportException(path, "is a directory, expected a file");
        }
        if (Files.exists(path)) {
            throw new ReportException(path, "is not a regular file");
        }
        throw new ReportException(path, "not found");
    }

    static InputStream open(Path path) throws ReportException {
        requireFile(path);
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    static ReportException unreadable(Path path, IOException e) {
        return new ReportException(path, "cannot be read (" + e + ")", e);
    }
}
