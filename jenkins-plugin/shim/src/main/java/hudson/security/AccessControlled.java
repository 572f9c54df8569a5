package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Jenkins;

/**
 * Shim of core's {@code AccessControlled}. The real defaults ask the object's {@code ACL} (which the shim does not
 * mirror) on behalf of the current user; offline there is no controller, so both throw the
 * {@link IllegalStateException} of {@link Jenkins#get()}. Permission checks are tested by the real build.
 */
public interface AccessControlled {

    /** Throws (Spring's {@code AccessDeniedException} in Jenkins) unless the current user has the permission. */
    default void checkPermission(@NonNull Permission permission) {
        Jenkins.get();
    }

    default boolean hasPermission(@NonNull Permission permission) {
        Jenkins.get();
        return false;
    }
}
