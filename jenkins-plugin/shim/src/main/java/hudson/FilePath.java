package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shim of core's {@code FilePath}, local files only. The real one may name a file on an agent and sends every I/O
 * call over the agent channel (so each may be slow, and throws {@code InterruptedException}); it is also
 * {@code SerializableOnlyOverRemoting}, and Pipeline persists it with a pickle. Here {@link #isRemote()} is always
 * false and paths are normalized with {@link Path#normalize()}.
 */
public final class FilePath implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String remote;

    /** A path on the machine that runs this code. */
    public FilePath(@NonNull File localPath) {
        this.remote = normalize(localPath.getPath());
    }

    private static String normalize(String path) {
        String n = Path.of(path).normalize().toString();
        return n.isEmpty() ? "." : n;
    }

    /** A file below this one, or {@code relOrAbsolute} itself when it is absolute. */
    public @NonNull FilePath child(String relOrAbsolute) {
        File rel = new File(relOrAbsolute);
        return new FilePath(rel.isAbsolute() ? rel : new File(remote, relOrAbsolute));
    }

    public boolean exists() throws IOException, InterruptedException {
        return new File(remote).exists();
    }

    public InputStream read() throws IOException, InterruptedException {
        return Files.newInputStream(Path.of(remote));
    }

    /** The file's text in the default charset of the machine that holds it (core's rule). */
    public String readToString() throws IOException, InterruptedException {
        return Files.readString(Path.of(remote), Charset.defaultCharset());
    }

    /** The full path on the machine that holds the file. */
    public String getRemote() {
        return remote;
    }

    /** Always false: the shim has no agents. */
    public boolean isRemote() {
        return false;
    }

    @Override
    public String toString() {
        return remote;
    }
}
