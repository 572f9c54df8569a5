package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSizeTest {

    @TempDir
    Path dir;

    @Test
    void sizeInBytes() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[12_345]);
        Path empty = Files.createFile(dir.resolve("empty.bin"));

        assertThat(FileSize.bytes(jar)).isEqualTo(12_345L);
        assertThat(FileSize.bytes(empty)).isZero();
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("target/app.jar");

        assertThatThrownBy(() -> FileSize.bytes(missing))
                .isInstanceOf(ReportException.class)
                .hasMessage(missing + ": not found");
    }

    @Test
    void directory() {
        assertThatThrownBy(() -> FileSize.bytes(dir))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir + ": is a directory, expected a file");
    }
}
