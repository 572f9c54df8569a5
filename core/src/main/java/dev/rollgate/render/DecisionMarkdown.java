package dev.rollgate.render;

import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision as GitHub-flavoured Markdown, for a job summary: a heading, the verdict, the next window when blocked
 * and a table of every gate. Every piece of text from the decision is escaped with {@link Markdown#text} (a reason
 * can quote a deployment reason or a config value), and the output stays under {@link Markdown#MAX_BYTES}.
 */
public final class DecisionMarkdown {

    private DecisionMarkdown() {
    }

    public static String render(GateDecision d) {
        return render(d, Markdown.MAX_BYTES);
    }

    static String render(GateDecision d, int maxBytes) {
        Markdown.Document doc = new Markdown.Document(maxBytes);
        doc.line("### Rollgate gate: " + Markdown.text(d.service()) + " → " + Markdown.text(d.environment()));
        doc.blank();
        doc.line("Trigger: " + Markdown.text(d.trigger().wireName()) + " · evaluated at "
                + Markdown.text(d.evaluatedAt().toString()));
        doc.blank();
        doc.line(d.shouldDeploy() ? "**✅ DEPLOY (" + Markdown.text(d.deploymentType().wireName()) + ")**"
                : "**⛔ BLOCKED**");
        if (d.nextWindow().isPresent()) {
            doc.blank();
            doc.line(Markdown.text(DecisionText.nextWindow(d.nextWindow().get(), d)));
            if (!d.passesAtNextWindow()) {
                doc.blank();
                doc.line("Other gates would still block then: fix them before waiting for the window.");
            }
        }
        doc.blank();
        if (d.gates().isEmpty()) {
            doc.line("_No gates configured._");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (GateResult g : d.gates()) {
                rows.add(List.of(Markdown.text(g.gate()), mark(g) + " " + Markdown.text(g.result().wireName()),
                        Markdown.text(g.reason())));
            }
            doc.table(List.of("Gate", "Result", "Reason"), rows, Integer.MAX_VALUE, "gates");
        }
        return doc.render();
    }

    private static String mark(GateResult g) {
        return switch (g.result()) {
            case PASS -> "✅";
            case BLOCK -> "⛔";
            case WARN -> "⚠️";
            case OVERRIDDEN -> "🔓";
            case SKIPPED -> "⏭️";
        };
    }
}
