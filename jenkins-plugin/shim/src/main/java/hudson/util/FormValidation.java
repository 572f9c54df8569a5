package hudson.util;

import java.io.IOException;

/**
 * Shim of core's {@code FormValidation}: the answer of a {@code doCheck*} method. As in core, a plain-text message is
 * HTML-escaped (so {@link #getMessage()} and {@link #renderHtml()} hold the escaped text), and a null message means
 * {@link #ok()}. The real class is also a Stapler {@code HttpResponse}; outside a web request it renders the message
 * without the {@code <div class="error">} wrapper, which is what the shim returns.
 */
public abstract class FormValidation extends IOException {

    private static final long serialVersionUID = 1L;

    /** How serious the finding is. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    private static final FormValidation OK = new FormValidation(Kind.OK) {
        private static final long serialVersionUID = 1L;

        @Override
        public String renderHtml() {
            return "<div/>";
        }

        @Override
        public String toString() {
            return kind + ": <div/>";
        }
    };

    public final Kind kind;

    private FormValidation(Kind kind) {
        this.kind = kind;
    }

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return OK;
    }

    public static FormValidation ok(String message) {
        return withMarkup(escape(message), Kind.OK);
    }

    public static FormValidation warning(String message) {
        return withMarkup(escape(message), Kind.WARNING);
    }

    /** An error; {@code error(null)} is {@link #ok()}. */
    public static FormValidation error(String message) {
        return withMarkup(escape(message), Kind.ERROR);
    }

    /** Core's "Required" error when {@code value} is null, empty or blank. */
    public static FormValidation validateRequired(String value) {
        if (value == null || value.trim().isEmpty()) {
            return error("Required");
        }
        return ok();
    }

    /** The HTML shown under the field. */
    public abstract String renderHtml();

    private static FormValidation withMarkup(String html, Kind kind) {
        if (html == null) {
            return ok();
        }
        return new FormValidation(kind, html) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                return html;
            }

            @Override
            public String toString() {
                return kind + ": " + html;
            }
        };
    }

    /** Core's {@code Util.escape}: HTML-escapes, turns line breaks into {@code <br>} and keeps runs of spaces. */
    private static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder buf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n' -> buf.append("<br>");
                case '<' -> buf.append("&lt;");
                case '>' -> buf.append("&gt;");
                case '&' -> buf.append("&amp;");
                case '"' -> buf.append("&quot;");
                case '\'' -> buf.append("&#039;");
                case ' ' -> buf.append(i + 1 < text.length() && text.charAt(i + 1) == ' ' ? "&nbsp;" : " ");
                default -> buf.append(ch);
            }
        }
        return buf.toString();
    }
}
