package hudson.console;

/**
 * Shim of core's {@code HyperlinkNote}. The real {@link #encodeTo(String, String)} returns a serialized console note
 * (an invisible, escaped marker the log viewer turns into a link) followed by the text; the shim returns the text
 * alone, so offline log assertions see exactly what a reader sees. Both replace line breaks in the text with spaces.
 */
public class HyperlinkNote {

    private HyperlinkNote() {}

    /**
     * The text, linked to {@code url} (relative to the Jenkins root when it starts with {@code /}); untrusted text must
     * never be passed here.
     */
    public static String encodeTo(String url, String text) {
        // Core strips line breaks so the note's recorded length matches what the log viewer shows.
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
