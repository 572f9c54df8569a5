package hudson;

/** Shim of core's {@code ExtensionPoint}: marks a type plugins implement and register with {@link Extension}. */
public interface ExtensionPoint {}
