package hudson.model;

import hudson.security.Permission;
import java.lang.reflect.Constructor;

/**
 * Builds the shim's permission constants. Core's constructors need a {@code PermissionGroup}, which the shim does not
 * mirror, and a public shim-only constructor would be API that core lacks; so the private one is called reflectively.
 */
final class ShimPermissions {

    private ShimPermissions() {}

    static Permission create(Class<?> owner, String name) {
        try {
            Constructor<Permission> c = Permission.class.getDeclaredConstructor(Class.class, String.class);
            c.setAccessible(true);
            return c.newInstance(owner, name);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
