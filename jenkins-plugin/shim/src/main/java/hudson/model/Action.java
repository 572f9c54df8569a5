package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Shim of core's {@code Action}: something attached to a build or job, optionally shown as a link in its side panel.
 * The real interface extends {@code ModelObject}, which declares {@link #getDisplayName()}.
 */
public interface Action {

    /** The side-panel icon; null hides the link. */
    @CheckForNull
    String getIconFileName();

    @CheckForNull
    String getDisplayName();

    /** The URL segment under the owner; null for an action without a page. */
    @CheckForNull
    String getUrlName();
}
