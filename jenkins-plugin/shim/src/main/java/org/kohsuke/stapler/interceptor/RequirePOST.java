package org.kohsuke.stapler.interceptor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shim of Stapler's {@code @RequirePOST}: the web method refuses anything but POST (with a "Try POSTing" page).
 * The real one nests its interceptor and an {@code ErrorCustomizer}; the shim has neither.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface RequirePOST {}
