package dev.rollgate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rollgate.state.file.FileStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

    private static final ServiceEnvironment CHECKOUT_PROD = new ServiceEnvironment("checkout", "prod");

    @TempDir
    Path dir;

    private FileStateStore<Counter> store() {
        return new FileStateStore<>(dir, CHECKOUT_PROD, Codec.json(Counter.class));
    }

    @Test
    void nothingStoredReadsAsEmpty() throws IOException {
        assertThat(store().read()).isEmpty();
    }

    @Test
    void createThenReadRoundTrips() throws Exception {
        Revision revision = store().create(new Counter("paused", 3));

        assertThat(revision).isEqualTo(new Revision(1));
        assertThat(store().read()).contains(new Stored<>(new Counter("paused", 3), new Revision(1)));
    }

    @Test
    void fileHasTheDocumentedShape() throws Exception {
        FileStateStore<Counter> store = store();
        Revision first = store.create(new Counter("paused", 3));
        store.replace(first, new Counter("promoting", 4));

        Path file = dir.resolve("checkout").resolve("prod.json");
        assertThat(store.file()).isEqualTo(file);
        JsonNode root = new JsonMapper().readTree(file.toFile());
        assertThat(root).isEqualTo(new JsonMapper().readTree(
                "{\"revision\": 2, \"value\": {\"phase\": \"promoting\", \"count\": 4}}"));
    }

    @Test
    void secondCreateIsAConflictAndChangesNothing() throws Exception {
        store().create(new Counter("first", 1));

        assertThatThrownBy(() -> store().create(new Counter("second", 1)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> {
                    assertThat(e.expected()).isEmpty();
                    assertThat(e.found()).contains(new Revision(1));
                })
                .hasMessageContaining("prod.json")
                .hasMessageContaining("expected no document but found revision 1");
        assertThat(store().read().orElseThrow().value().phase()).isEqualTo("first");
    }

    @Test
    void replaceAdvancesTheRevision() throws Exception {
        Revision first = store().create(new Counter("a", 1));
        Revision second = store().replace(first, new Counter("b", 2));
        Revision third = store().replace(second, new Counter("c", 3));

        assertThat(List.of(first, second, third)).extracting(Revision::value).containsExactly(1L, 2L, 3L);
        assertThat(store().read()).contains(new Stored<>(new Counter("c", 3), third));
    }

    @Test
    void staleRevisionIsRejectedAndChangesNothing() throws Exception {
        Revision first = store().create(new Counter("a", 1));
        store().replace(first, new Counter("winner", 2));

        assertThatThrownBy(() -> store().replace(first, new Counter("loser", 2)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> {
                    assertThat(e.expected()).contains(new Revision(1));
                    assertThat(e.found()).contains(new Revision(2));
                })
                .hasMessageContaining("expected revision 1 but found revision 2");
        assertThat(store().read().orElseThrow().value().phase()).isEqualTo("winner");
    }

    @Test
    void replacingNothingIsAConflict() {
        assertThatThrownBy(() -> store().replace(new Revision(1), new Counter("a", 1)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> assertThat(e.found()).isEmpty());
    }

    @Test
    void replacementsLeaveNoTemporaryFilesAndAWholeDocument() throws Exception {
        FileStateStore<Counter> store = store();
        Revision revision = store.create(new Counter("n", 0));
        for (int i = 1; i <= 50; i++) {
            revision = store.replace(revision, new Counter("n", i));
        }

        try (Stream<Path> files = Files.list(dir.resolve("checkout"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("prod.json", "prod.lock");
        }
        assertThat(store.read()).contains(new Stored<>(new Counter("n", 50), new Revision(51)));
    }

    @Test
    void temporaryFileOfAWriterThatDiedIsRemovedByTheNextWrite() throws Exception {
        FileStateStore<Counter> store = store();
        Revision first = store.create(new Counter("a", 1));
        Path leftover = dir.resolve("checkout").resolve("prod.json.8812345.tmp");
        Files.writeString(leftover, "{\"revision\": 2, \"val");

        store.replace(first, new Counter("b", 2));

        assertThat(leftover).doesNotExist();
        assertThat(store.read().orElseThrow().value().phase()).isEqualTo("b");
    }

    @Test
    void truncatedFileIsAnErrorNamingTheFileNotAnEmptyStore() throws Exception {
        FileStateStore<Counter> store = store();
        store.create(new Counter("paused", 3));
        byte[] whole = Files.readAllBytes(store.file());
        Files.write(store.file(), java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(store::read)
                .isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith(store.file() + ": not valid JSON");
        // Nor may a create paper over it.
        assertThatThrownBy(() -> store.create(new Counter("fresh", 0))).isInstanceOf(CorruptStateException.class);
    }

    @Test
    void emptyFileIsAnError() throws Exception {
        Files.createDirectories(store().file().getParent());
        Files.write(store().file(), new byte[0]);

        assertThatThrownBy(() -> store().read())
                .isInstanceOf(CorruptStateException.class)
                .hasMessage(store().file() + ": empty file, expected {\"revision\": n, \"value\": ...}");
    }

    @Test
    void valueTheCodecRejectsIsAnErrorNamingTheFile() throws Exception {
        Files.createDirectories(store().file().getParent());
        Files.writeString(store().file(), "{\"revision\": 4, \"value\": {\"phase\": \"x\", \"cuont\": 1}}",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store().read())
                .isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith(store().file() + ": field \"value\" does not decode")
                .hasMessageContaining("cuont");
    }

    @Test
    void missingRevisionIsAnError() throws Exception {
        Files.createDirectories(store().file().getParent());
        Files.writeString(store().file(), "{\"value\": {\"phase\": \"x\", \"count\": 1}}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store().read())
                .isInstanceOf(CorruptStateException.class)
                .hasMessage(store().file() + ": field \"revision\" must be an integer of at least 1");
    }

    @Test
    void unsafeNamesAreRejectedBeforeTouchingTheFileSystem() {
        assertThatThrownBy(() -> new ServiceEnvironment("..", "prod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service name");
        assertThatThrownBy(() -> new ServiceEnvironment("checkout", "a/b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment name");
    }

    @Test
    void compareAndSetHoldsBetweenThreads() throws Exception {
        store().create(new Counter("counting", 0));
        Runnable increments = () -> {
            FileStateStore<Counter> mine = store();
            for (int done = 0; done < 40; ) {
                try {
                    Stored<Counter> current = mine.read().orElseThrow();
                    mine.replace(current.revision(), new Counter("counting", current.value().count() + 1));
                    done++;
                } catch (StateConflictException e) {
                    // lost the race; read again
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        Thread a = new Thread(increments);
        Thread b = new Thread(increments);
        a.start();
        b.start();
        a.join(Duration.ofSeconds(20).toMillis());
        b.join(Duration.ofSeconds(20).toMillis());

        assertThat(store().read()).contains(new Stored<>(new Counter("counting", 80), new Revision(81)));
    }

    @Test
    void compareAndSetHoldsBetweenProcesses() throws Exception {
        try (ChildJvm one = ChildJvm.start(StateChildMain.class, "count", dir.toString(), "60");
             ChildJvm two = ChildJvm.start(StateChildMain.class, "count", dir.toString(), "60")) {
            one.awaitLine("done", Duration.ofSeconds(20));
            two.awaitLine("done", Duration.ofSeconds(20));
        }

        Optional<Stored<Counter>> stored = new FileStateStore<>(dir, new ServiceEnvironment("svc", "env"),
                Codec.json(Counter.class)).read();
        // 120 successful compare-and-sets, none lost: a lost update would leave a lower count.
        assertThat(stored).contains(new Stored<>(new Counter("counting", 120), new Revision(120)));
    }
}
