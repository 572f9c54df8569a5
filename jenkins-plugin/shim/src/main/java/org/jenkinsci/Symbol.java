package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shim of lib-symbol-annotation's {@code @Symbol}: the short name of an extension (camelCase, unique per extension
 * point). The real one is also {@code @Indexed} by annotation-indexer, which the shim leaves out.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
