package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;
import jenkins.model.Jenkins;

/**
 * Shim of core's {@code Cause}: why a build started ({@code Run.getCauses()}). The short descriptions use core's
 * English messages.
 */
public abstract class Cause {

    /** One line of plain text saying why the build started. */
    public abstract String getShortDescription();

    /** A build started by another build. */
    public static class UpstreamCause extends Cause {

        private final String upstreamProject;
        private final int upstreamBuild;

        /** Records the upstream build's job and number (core also keeps its URL and its own causes). */
        public UpstreamCause(Run<?, ?> up) {
            this.upstreamBuild = up.getNumber();
            this.upstreamProject = up.getParent().getFullName();
        }

        /** The upstream job's full name. */
        public String getUpstreamProject() {
            return upstreamProject;
        }

        public int getUpstreamBuild() {
            return upstreamBuild;
        }

        @Override
        public boolean equals(Object o) {
            // Core also compares the URL (which follows from the project) and the upstream causes (not mirrored).
            return o instanceof UpstreamCause u && upstreamBuild == u.upstreamBuild
                    && Objects.equals(upstreamProject, u.upstreamProject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(upstreamProject, upstreamBuild);
        }

        @Override
        public String getShortDescription() {
            return "Started by upstream project \"" + upstreamProject + "\" build number " + upstreamBuild;
        }
    }

    /** A build started by a user (or by an unknown one). */
    public static class UserIdCause extends Cause {

        @CheckForNull
        private final String userId;

        /**
         * The current user. Offline nobody is logged in, so the user is unknown (null), as with real core in a plain unit
         * test, where the current authentication is anonymous.
         */
        public UserIdCause() {
            this.userId = null;
        }

        /** The given user; null when unknown. */
        public UserIdCause(@CheckForNull String userId) {
            this.userId = userId;
        }

        @CheckForNull
        public String getUserId() {
            return userId;
        }

        /**
         * "anonymous" for an unknown user; otherwise core looks the user up in the running controller, so the shim
         * throws like {@link Jenkins#get()}. Prefer {@link #getUserId()}.
         */
        public String getUserName() {
            if (userId == null) {
                return "anonymous";
            }
            Jenkins.get();
            throw new AssertionError("Jenkins.get() returned in the shim");
        }

        @Override
        public String getShortDescription() {
            return "Started by user " + getUserName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserIdCause && Objects.equals(userId, ((UserIdCause) o).userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId);
        }
    }
}
