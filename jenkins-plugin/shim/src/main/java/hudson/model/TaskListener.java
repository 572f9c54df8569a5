package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Shim of core's {@code TaskListener}: where a build or step writes its log. As in core, {@link #getLogger()} is the
 * only abstract member. The real interface extends remoting's {@code SerializableOnlyOverRemoting} (a
 * {@link Serializable}); the shim extends {@link Serializable} directly.
 */
public interface TaskListener extends Serializable {

    /** The log. */
    @NonNull
    PrintStream getLogger();

    /**
     * Writes {@code text} linked to {@code url}. Real core first writes a console note that the log viewer renders as
     * the link; the shim writes the text alone.
     */
    default void hyperlink(String url, String text) throws IOException {
        getLogger().print(text);
    }

    /** Writes {@code ERROR: msg} as a line and returns a writer (UTF-8, auto-flushing) for the details. */
    @NonNull
    default PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }
}
