package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;

/**
 * Shim of core's {@code Descriptor}: the singleton that describes a {@link Describable} class (display name, form
 * validation, defaults). Like the real one, constructing it does not need a controller, so tests create
 * {@code new XStep.DescriptorImpl()} directly. Persistence ({@code load}/{@code save}) and form binding are not
 * mirrored.
 *
 * @param <T> the described type
 */
public abstract class Descriptor<T extends Describable<T>> {

    /** The class being described. */
    public final transient Class<? extends T> clazz;

    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = clazz;
    }

    /**
     * Takes {@link #clazz} from the enclosing class, by the convention that a descriptor is a static nested class of
     * what it describes. Throws {@link AssertionError}, as core does, when there is no enclosing class, when the
     * enclosing class is not a {@code T}, or when its {@code getDescriptor()} could not return this descriptor.
     */
    @SuppressWarnings("unchecked")
    protected Descriptor() {
        this.clazz = (Class<T>) getClass().getEnclosingClass();
        if (clazz == null) {
            throw new AssertionError(getClass()
                    + " doesn't have an outer class. Use the constructor that takes the Class object explicitly.");
        }

        Type t = typeArgumentOfDescriptor(getClass());
        if (t != null) {
            Class<?> bound = erasure(t);
            if (!bound.isAssignableFrom(clazz)) {
                throw new AssertionError("Outer class " + clazz + " of " + getClass() + " is not assignable to " + bound
                        + ". Perhaps wrong outer class?");
            }
        }

        // The descriptor must be what the outer class's getDescriptor() returns.
        try {
            Method getDescriptor = clazz.getMethod("getDescriptor");
            if (!getDescriptor.getReturnType().isAssignableFrom(getClass())) {
                throw new AssertionError(getClass() + " must be assignable to " + getDescriptor.getReturnType());
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(getClass() + " is missing getDescriptor method.", e);
        }
    }

    /** Human-readable name of the described kind of object; the simple name of {@link #clazz} unless overridden. */
    @NonNull
    public String getDisplayName() {
        return clazz.getSimpleName();
    }

    /**
     * The actual type argument of {@code Descriptor<T>} seen from {@code type}, with type variables substituted along
     * the way, or null where {@code Descriptor} is extended raw (core then skips the check too).
     */
    private static Type typeArgumentOfDescriptor(Class<?> type) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        Class<?> c = type;
        while (c != null && c != Descriptor.class) {
            Type sup = c.getGenericSuperclass();
            Class<?> raw = c.getSuperclass();
            if (sup instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                Map<TypeVariable<?>, Type> next = new HashMap<>();
                for (int i = 0; i < vars.length; i++) {
                    next.put(vars[i], substitute(args[i], bindings));
                }
                bindings = next;
            } else {
                bindings = new HashMap<>();
                if (raw == Descriptor.class) {
                    return null;
                }
            }
            c = raw;
        }
        return c == null ? null : bindings.get(Descriptor.class.getTypeParameters()[0]);
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v && bindings.containsKey(v)) {
            return bindings.get(v);
        }
        return t;
    }

    private static Class<?> erasure(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof TypeVariable<?> v) {
            return erasure(v.getBounds()[0]);
        }
        if (t instanceof WildcardType w) {
            return erasure(w.getUpperBounds()[0]);
        }
        if (t instanceof GenericArrayType a) {
            return erasure(a.getGenericComponentType()).arrayType();
        }
        throw new IllegalArgumentException("Unknown type " + t);
    }
}
