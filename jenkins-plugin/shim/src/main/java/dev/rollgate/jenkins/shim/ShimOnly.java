package dev.rollgate.jenkins.shim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a shim member that the real Jenkins type does not have, kept only so offline tests can build a fixture the
 * real type builds from a running controller (a {@code Job} with a name). {@code shim-members.txt} tags its line
 * {@code [shim-only]} and the real build's drift check skips it; code compiled by both builds (the plugin's
 * {@code src/main/java} and {@code src/test/java}) must never call one, or the real build does not compile.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.CONSTRUCTOR, ElementType.METHOD, ElementType.FIELD})
@Documented
public @interface ShimOnly {}
