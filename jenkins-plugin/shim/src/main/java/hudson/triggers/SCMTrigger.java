package hudson.triggers;

import hudson.model.Cause;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;

/**
 * Shim of core's {@code SCMTrigger} (SCM polling), reduced to its {@link SCMTriggerCause}. The trigger itself needs a
 * controller and is not mirrored.
 */
public class SCMTrigger {

    private SCMTrigger() {}

    /** A build started because polling found an SCM change. */
    public static class SCMTriggerCause extends Cause {

        @SuppressWarnings("unused") // core moves it into the build's polling log; kept for the constructors' sake
        private final String pollingLog;

        /** Reads the polling log from {@code logFile} (default charset, as core does). */
        public SCMTriggerCause(File logFile) throws IOException {
            this(Files.readString(logFile.toPath(), Charset.defaultCharset()));
        }

        public SCMTriggerCause(String pollingLog) {
            this.pollingLog = pollingLog;
        }

        /** @deprecated use {@link #SCMTriggerCause(String)}. */
        @Deprecated
        public SCMTriggerCause() {
            this("");
        }

        @Override
        public String getShortDescription() {
            return "Started by an SCM change";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SCMTriggerCause;
        }

        @Override
        public int hashCode() {
            return 3;
        }
    }
}
