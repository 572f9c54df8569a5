package hudson;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shim of core's {@code @Extension}: registers an implementation of an {@link ExtensionPoint}. The real annotation is
 * sezpoz-{@code @Indexable}, which is what makes Jenkins find it; the shim cannot check indexing (only the real build
 * does), and it leaves out {@code optional()} (deprecated) and {@code dynamicLoadable()} (needs {@code YesNoMaybe}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
@Documented
public @interface Extension {
    /** Sort key; extensions with higher numbers come first. */
    double ordinal() default 0;
}
