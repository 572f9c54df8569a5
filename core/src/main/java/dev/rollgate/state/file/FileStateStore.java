package dev.rollgate.state.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.state.Codec;
import dev.rollgate.state.CorruptStateException;
import dev.rollgate.state.Revision;
import dev.rollgate.state.ServiceEnvironment;
import dev.rollgate.state.StateConflictException;
import dev.rollgate.state.StateStore;
import dev.rollgate.state.Stored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateStore} in {@code <dir>/<service>/<environment>.json}, shaped
 * {@code {"revision": 3, "value": {...}}}.
 *
 * <p>Every write replaces the whole file atomically and durably ({@link DurableFiles}), so a crash
 * leaves the old or the new document, never a mix. Compare-and-set holds across processes: the
 * read-compare-write runs under an OS lock on {@code <environment>.lock} next to the file. Readers
 * take no lock: the rename makes every read see a whole document. A file that does not parse is
 * reported as {@link CorruptStateException}, never taken for "no state". A writer killed between
 * its temporary file and the rename leaves {@code <environment>.json.<random>.tmp}; the next
 * write removes it.
 */
public final class FileStateStore<T> implements StateStore<T> {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path file;
    private final FileMutex mutex;
    private final Codec<T> codec;

    public FileStateStore(Path dir, ServiceEnvironment scope, Codec<T> codec) {
        Path serviceDir = dir.resolve(scope.service());
        this.file = serviceDir.resolve(scope.environment() + ".json");
        this.mutex = new FileMutex(serviceDir.resolve(scope.environment() + ".lock"));
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The state file, for messages and tools. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<Stored<T>> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(bytes));
    }

    @Override
    public Revision create(T value) throws IOException, StateConflictException {
        byte[] document = envelope(Revision.FIRST, value);
        return mutex.<Revision, StateConflictException>locked(() -> {
            Optional<Stored<T>> current = read();
            if (current.isPresent()) {
                throw new StateConflictException(file.toString(), Optional.empty(),
                        Optional.of(current.get().revision()));
            }
            write(document);
            return Revision.FIRST;
        });
    }

    @Override
    public Revision replace(Revision expected, T value) throws IOException, StateConflictException {
        Revision next = expected.next();
        byte[] document = envelope(next, value);
        return mutex.<Revision, StateConflictException>locked(() -> {
            Optional<Revision> found = read().map(Stored::revision);
            if (!found.equals(Optional.of(expected))) {
                throw new StateConflictException(file.toString(), Optional.of(expected), found);
            }
            write(document);
            return next;
        });
    }

    /** Under the lock: no other writer is between its temporary file and its rename. */
    private void write(byte[] document) throws IOException {
        DurableFiles.deleteLeftovers(file);
        DurableFiles.replaceAtomically(file, document);
    }

    private byte[] envelope(Revision revision, T value) throws IOException {
        JsonNode encoded;
        try {
            encoded = MAPPER.readTree(codec.encode(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the codec for " + file + " did not produce JSON", e);
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("revision", revision.value());
        root.set("value", encoded);
        byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    private Stored<T> parse(byte[] bytes) throws CorruptStateException {
        if (bytes.length == 0) {
            throw new CorruptStateException(file, "empty file, expected {\"revision\": n, \"value\": ...}", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CorruptStateException(file, "not valid JSON (truncated or damaged?) at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CorruptStateException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CorruptStateException(file, "expected a JSON object {\"revision\": n, \"value\": ...}", null);
        }
        JsonNode revision = root.get("revision");
        if (revision == null || !revision.canConvertToExactIntegral() || !revision.canConvertToLong()
                || revision.asLong() < 1) {
            throw new CorruptStateException(file, "field \"revision\" must be an integer of at least 1", null);
        }
        JsonNode value = root.get("value");
        if (value == null || value.isNull()) {
            throw new CorruptStateException(file, "field \"value\" is missing", null);
        }
        try {
            return new Stored<>(codec.decode(MAPPER.writeValueAsBytes(value)), new Revision(revision.asLong()));
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException(file, "field \"value\" does not decode: " + e.getMessage(), e);
        }
    }
}
