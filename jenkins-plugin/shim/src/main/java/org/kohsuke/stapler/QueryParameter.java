package org.kohsuke.stapler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shim of Stapler's {@code @QueryParameter}: binds a web-method parameter to a request parameter. The real one is
 * also {@code @InjectedParameter} with a handler; nothing injects anything offline.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Documented
public @interface QueryParameter {
    /** The request parameter's name; empty means the Java parameter's name. */
    String value() default "";

    /** Whether a missing parameter is an error. */
    boolean required() default false;

    /** Whether an empty value is passed as null. */
    boolean fixEmpty() default false;
}
