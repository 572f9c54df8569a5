package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/**
 * Shim of core's {@code Item}: a job or folder, with its permissions. Only {@link #CONFIGURE} (for form validation and
 * fill methods), {@link #BUILD} (for build-page prompts) and the {@link AccessControlled} checks are mirrored.
 */
public interface Item extends AccessControlled {

    /** Permission to change the item's configuration; id {@code hudson.model.Item.Configure}. */
    Permission CONFIGURE = ShimPermissions.create(Item.class, "Configure");

    /** Permission to start a build (and to answer its input and Rollgate prompts); id {@code hudson.model.Item.Build}. */
    Permission BUILD = ShimPermissions.create(Item.class, "Build");
}
