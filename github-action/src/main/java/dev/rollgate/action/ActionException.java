package dev.rollgate.action;

/**
 * The workflow asked for something that cannot run as written: an input, the event payload or the config. The
 * message names the input, file or field and says what to write instead; the step fails with an {@code ::error}.
 */
public final class ActionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ActionException(String message) {
        super(message);
    }

    public ActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
