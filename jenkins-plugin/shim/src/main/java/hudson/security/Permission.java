package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Shim of core's {@code Permission}: only a name, since nothing offline can grant or check one (see
 * {@link AccessControlled}). The real constructors need a {@code PermissionGroup}; the shim builds its few constants
 * itself.
 */
public final class Permission {

    private final Class<?> owner;
    private final String name;

    private Permission(Class<?> owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /** {@code ownerClass.name}, e.g. {@code hudson.model.Item.Configure}: the form that is persisted. */
    public @NonNull String getId() {
        return owner.getName() + '.' + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission && getId().equals(((Permission) o).getId());
    }

    @Override
    public int hashCode() {
        return getId().hashCode();
    }

    @Override
    public String toString() {
        return "Permission[" + owner + ',' + name + ']';
    }
}
