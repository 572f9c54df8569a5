package dev.rollgate.gate.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The size of a build artifact (a jar, an image tarball), for size-budget gates. */
public final class FileSize {

    private FileSize() {
    }

    /** Size in bytes of the regular file {@code path} (symbolic links followed). */
    public static long bytes(Path path) throws ReportException {
        ReportFiles.requireFile(path);
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw ReportFiles.unreadable(path, e);
        }
    }
}
