package dev.rollgate.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Untrusted text comes out of {@link Markdown#text} as inert, one-line text that reads as the original. */
class MarkdownTest {

    static final String ZWSP = "\u200B";

    /** What people and scripts put into a reason, a branch name, a hook's output or a config value. */
    static List<String> hostile() {
        return List.of(
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "[link](javascript:alert(1))",
                "![x](http://evil)",
                "[x]: http://evil \"title\"",
                "@org/team please look, cc @alice",
                "| broken | table",
                "a \\| escaped pipe \\\\| and a doubled backslash",
                "`code` and ``more``",
                "ok\n# heading",
                "ok\r\n---\n> quote\n- item\n1. numbered",
                "**bold** __bold__ *it* _it_ ~~strike~~",
                "%0A::set-output name=x::y",
                "::error title=x::forged",
                "##[set-output name=x]y",
                "http://evil.example/x www.evil.example mail@evil.example",
                "&lt;b&gt; &#x3C;script&#x3E; &amp;",
                "$x^2$ and $$\\sum$$",
                "[^1] footnote and - [ ] task",
                "<!-- comment --> <details><summary>x</summary>",
                "tab\there\u0007bell\u001b[31mred",
                "right\u202Eto-left override",
                "x".repeat(5_000) + "<b>",
                "");
    }

    @Test
    void htmlIsEscapedAsEntities() {
        assertThat(Markdown.text("<script>alert(1)</script>"))
                .isEqualTo("&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;");
        assertThat(Markdown.text("<img src=x onerror=\"a\">"))
                .isEqualTo("&lt;img src\\=x onerror\\=&quot;a&quot;&gt;");
        assertThat(Markdown.text("a & b")).isEqualTo("a &amp; b");
    }

    @Test
    void linksAndImagesAreNotFormed() {
        assertThat(Markdown.text("[link](javascript:alert(1))"))
                .isEqualTo("\\[link\\]\\(javascript\\:alert\\(1\\)\\)");
        assertThat(Markdown.text("![x](http://evil)")).isEqualTo("\\!\\[x\\]\\(http\\:\\/\\/evil\\)");
        assertThat(Markdown.text("www.evil.example")).isEqualTo("www\\.evil\\.example");
    }

    @Test
    void mentionsAreBrokenWithAZeroWidthSpace() {
        assertThat(Markdown.text("@org/team")).isEqualTo("@" + ZWSP + "org\\/team");
        assertThat(Markdown.text("mail@evil.example")).isEqualTo("mail@" + ZWSP + "evil\\.example");
    }

    @Test
    void tablePipesAndEmphasisAreEscaped() {
        assertThat(Markdown.text("| broken | table")).isEqualTo("\\| broken \\| table");
        assertThat(Markdown.text("**bold** _it_ ~x~ `c`")).isEqualTo("\\*\\*bold\\*\\* \\_it\\_ \\~x\\~ \\`c\\`");
        assertThat(Markdown.text("a \\| b")).isEqualTo("a \\\\\\| b");
    }

    @Test
    void lineBreaksBecomeSpacesSoNothingStartsALine() {
        assertThat(Markdown.text("ok\n# heading\r\n- item")).isEqualTo("ok \\# heading  \\- item");
        assertThat(Markdown.text("%0A::set-output name=x::y")).isEqualTo("\\%0A\\:\\:set\\-output name\\=x\\:\\:y");
    }

    @Test
    void controlAndBidiCharactersAreReplaced() {
        assertThat(Markdown.text("a\u0007b\u202Ec")).isEqualTo("a\uFFFDb\uFFFDc");
    }

    @Test
    void veryLongTextIsCutWithAnEllipsis() {
        String text = Markdown.text("é".repeat(Markdown.MAX_TEXT + 10));

        assertThat(text).isEqualTo("é".repeat(Markdown.MAX_TEXT) + "…");
    }

    @Test
    void plainWordsAndNonAsciiAreKept() {
        assertThat(Markdown.text("Déploiement urgent 🚀 ok")).isEqualTo("Déploiement urgent 🚀 ok");
    }

    @Test
    void firstLineKeepsOnlyTheFirstLineAndSaysMoreFollowed() {
        assertThat(Markdown.firstLine("\n  migrated 3 tables\n<b>drop</b>\n")).isEqualTo("migrated 3 tables …");
        assertThat(Markdown.firstLine("ok")).isEqualTo("ok");
        assertThat(Markdown.firstLine("  # done  \r\nmore")).isEqualTo("\\# done …");
        assertThat(Markdown.firstLine("")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void everyHostileStringComesOutInertAndReadsAsTheOriginal(String untrusted) {
        String text = Markdown.text(untrusted);

        assertInert(text);
        String expected = Escaping.singleLine(untrusted);
        if (expected.codePointCount(0, expected.length()) <= Markdown.MAX_TEXT) {
            assertThat(unescape(text)).isEqualTo(expected.replace('\u202E', '\uFFFD'));
        }
    }

    @Test
    void aDocumentCutsATableAtTheBudgetAndSaysHowManyRowsWereLeftOut() {
        Markdown.Document doc = new Markdown.Document(4_096);
        List<List<String>> rows = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> rows.add(List.of(String.valueOf(i), Markdown.text("row | " + i))));

        doc.line("# Title");
        doc.blank();
        doc.table(List.of("#", "Text"), rows, Integer.MAX_VALUE, "rows");
        String out = doc.render();

        assertThat(Markdown.utf8Length(out)).isLessThanOrEqualTo(4_096);
        assertThat(out).startsWith("# Title\n\n| # | Text |\n| --- | --- |\n| 0 | row \\| 0 |\n");
        List<String> tableRows = out.lines().filter(l -> l.startsWith("|")).toList();
        int shown = tableRows.size() - 2;
        assertThat(shown).isBetween(50, 199);
        assertThat(out).endsWith("\n\n_" + (200 - shown) + " more rows not shown: this summary is kept under 900 KiB._\n");
        assertTableRows(out, 2);
    }

    @Test
    void aDocumentLeavesOutLinesPastTheBudgetAndSaysSo() {
        Markdown.Document doc = new Markdown.Document(2_048);

        doc.line("first");
        doc.line("y".repeat(3_000));
        String out = doc.render();

        assertThat(out).isEqualTo("first\n\n_Some lines were left out: this summary is kept under 900 KiB._\n");
    }

    @Test
    void aTableRowMustHaveTheHeadersCells() {
        Markdown.Document doc = new Markdown.Document();

        assertThatThrownBy(() -> doc.table(List.of("a", "b"), List.of(List.of("1")), 1_000, "rows"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells, the header 2");
    }

    // ---- checks shared by the renderer tests ----------------------------------------------------------------

    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot);");

    /**
     * Text that cannot format: no raw HTML, every ASCII punctuation character outside an entity backslash-escaped,
     * every {@code @} followed by a zero width space, on one line.
     */
    static void assertInert(String text) {
        assertThat(text).doesNotContain("<", ">", "\n", "\r", "](", "![");
        String withoutEntities = ENTITY.matcher(text).replaceAll("");
        for (int i = 0; i < withoutEntities.length(); i++) {
            char c = withoutEntities.charAt(i);
            if (c == '\\') {
                assertThat(i + 1).as("a trailing backslash in %s", text).isLessThan(withoutEntities.length());
                assertThat(isAsciiPunctuation(withoutEntities.charAt(i + 1)))
                        .as("backslash before a letter in %s", text).isTrue();
                i++;
            } else if (c == '@') {
                assertThat(withoutEntities.substring(i + 1)).as("mention in %s", text).startsWith(ZWSP);
            } else {
                assertThat(isAsciiPunctuation(c)).as("unescaped '%s' at %s in %s", c, i, text).isFalse();
            }
        }
    }

    /**
     * A whole rendered document is safe: no raw HTML, link or image, no mention, within the size limit, and its
     * tables, in order, have {@code columnsPerTable} columns in every row.
     */
    static void assertSafeDocument(String markdown, int... columnsPerTable) {
        assertThat(markdown).doesNotContain("<", ">", "](", "![", "\r");
        assertThat(Markdown.utf8Length(markdown)).isLessThanOrEqualTo(Markdown.MAX_BYTES);
        Matcher at = Pattern.compile("@(?!" + ZWSP + ")").matcher(markdown);
        assertThat(at.find()).as("a mention in %s", markdown).isFalse();
        assertTableRows(markdown, columnsPerTable);
    }

    /**
     * Every line of the n-th table has {@code columnsPerTable[n] + 1} unescaped pipes (a backslash escapes the next
     * character), its second line is the delimiter row, and no line outside a table has one.
     */
    static void assertTableRows(String markdown, int... columnsPerTable) {
        int table = -1;
        int lineInTable = 0;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("|")) {
                if (lineInTable == 0) {
                    table++;
                    assertThat(table).as("more tables than expected in %s", markdown).isLessThan(columnsPerTable.length);
                }
                int columns = columnsPerTable[table];
                assertThat(unescapedPipes(line)).as("pipes in %s", line).isEqualTo(columns + 1);
                if (lineInTable == 1) {
                    assertThat(line).isEqualTo("|" + " --- |".repeat(columns));
                }
                lineInTable++;
            } else {
                assertThat(unescapedPipes(line)).as("pipes outside a table in %s", line).isZero();
                lineInTable = 0;
            }
        }
        assertThat(table + 1).as("tables in %s", markdown).isEqualTo(columnsPerTable.length);
    }

    static int unescapedPipes(String line) {
        int pipes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '|') {
                pipes++;
            }
        }
        return pipes;
    }

    /** What a reader sees: escapes and entities resolved, zero width spaces after {@code @} removed. */
    static String unescape(String text) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                s.append(text.charAt(++i));
            } else if (c == '&') {
                int end = text.indexOf(';', i);
                String entity = text.substring(i, end + 1);
                s.append(switch (entity) {
                    case "&amp;" -> "&";
                    case "&lt;" -> "<";
                    case "&gt;" -> ">";
                    case "&quot;" -> "\"";
                    default -> throw new AssertionError("unexpected entity " + entity);
                });
                i = end;
            } else if (c == '@' && text.startsWith(ZWSP, i + 1)) {
                s.append('@');
                i++;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }
}
