package hudson.model;

/**
 * Shim of core's {@code AbstractDescribableImpl}, empty and deprecated since 2.505 (implement {@link Describable}
 * directly). Kept because {@code Step} still extends it.
 *
 * @param <T> the describable type itself
 */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {}
