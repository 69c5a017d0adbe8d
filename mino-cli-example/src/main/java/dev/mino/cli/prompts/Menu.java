package dev.mino.cli.prompts;

import dev.mino.core.text.DisplayText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A select or multiselect question, as state and text: the keys of {@link MenuKey} move the
 * cursor, toggle options and confirm, and {@link #lines()} renders the question as it stands.
 * Knows nothing of terminals, so it is tested without one; {@link TerminalPrompter} draws it.
 *
 * <p>A select answers with the option under the cursor. A multiselect answers with the options
 * ticked; Enter with none ticked takes the option under the cursor, as it does in a select, so
 * that Enter on the highlighted option always chooses it.
 */
final class Menu {
    /** What a key did to the question. */
    enum State { ASKING, ANSWERED, CANCELLED }

    /**
     * The marks a menu is drawn with: box drawing and circles, or plain ASCII for a terminal whose
     * character set has no such characters (no UTF-8 locale, for one).
     */
    enum Glyphs {
        UNICODE("\u25c6 ", "\u25c7 ", "\u2502 ", "\u2514 ", "\u25cf ", "\u25cb "),
        ASCII("* ", "* ", "| ", "` ", "(*) ", "( ) ");

        final String asking;
        final String answered;
        final String bar;
        final String end;
        final String on;
        final String off;

        Glyphs(String asking, String answered, String bar, String end, String on, String off) {
            this.asking = asking;
            this.answered = answered;
            this.bar = bar;
            this.end = end;
            this.on = on;
            this.off = off;
        }

        /** Every character the marks use, to ask a terminal whether it can show them. */
        String all() {
            return asking + answered + bar + end + on + off;
        }
    }

    private final String title;
    private final List<Choice> choices;
    private final boolean multiple;
    private final boolean[] ticked;
    private int cursor;
    private State state = State.ASKING;

    private Menu(String title, List<Choice> choices, boolean multiple) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a menu needs at least one choice");
        }
        this.title = Objects.requireNonNull(title, "title");
        this.choices = List.copyOf(choices);
        this.multiple = multiple;
        this.ticked = new boolean[choices.size()];
    }

    /** A question with one answer. */
    static Menu select(String title, List<Choice> choices) {
        return new Menu(title, choices, false);
    }

    /** A question with one or more answers. */
    static Menu multiselect(String title, List<Choice> choices) {
        return new Menu(title, choices, true);
    }

    State state() {
        return state;
    }

    /** Applies a key; keys after the answer or a cancel change nothing. */
    State handle(MenuKey key) {
        if (state != State.ASKING) {
            return state;
        }
        switch (key) {
            case UP:
                cursor = (cursor + choices.size() - 1) % choices.size();
                break;
            case DOWN:
                cursor = (cursor + 1) % choices.size();
                break;
            case TOGGLE:
                if (multiple) {
                    ticked[cursor] = !ticked[cursor];
                }
                break;
            case CONFIRM:
                if (multiple && answer().isEmpty()) {
                    ticked[cursor] = true;
                }
                state = State.ANSWERED;
                break;
            case CANCEL:
                state = State.CANCELLED;
                break;
            default:
                break;
        }
        return state;
    }

    /** The indexes chosen: the cursor's for a select, the ticked ones in order for a multiselect. */
    List<Integer> answer() {
        List<Integer> chosen = new ArrayList<>();
        if (!multiple) {
            chosen.add(cursor);
            return chosen;
        }
        for (int i = 0; i < ticked.length; i++) {
            if (ticked[i]) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    /**
     * The question as it stands: while asking, the title and every option (the cursor's marked,
     * ticked ones checked, hints dimmed); once answered, the title and the answer;
     * once cancelled, the title and "Cancelled".
     */
    List<AttributedString> lines() {
        return lines(Glyphs.UNICODE);
    }

    /** {@link #lines()} drawn with these marks. */
    List<AttributedString> lines(Glyphs g) {
        List<AttributedString> lines = new ArrayList<>();
        AttributedStyle accent = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
        AttributedStyle dim = AttributedStyle.DEFAULT.faint();
        if (state != State.ASKING) {
            lines.add(new AttributedStringBuilder().styled(dim, g.answered).append(shown(title)).toAttributedString());
            String answer = state == State.CANCELLED ? "Cancelled" : String.join(", ",
                answer().stream().map(i -> shown(choices.get(i).label())).toList());
            lines.add(new AttributedStringBuilder().styled(dim, g.bar + answer).toAttributedString());
            return lines;
        }
        lines.add(new AttributedStringBuilder().styled(accent, g.asking).append(shown(title)).toAttributedString());
        for (int i = 0; i < choices.size(); i++) {
            Choice choice = choices.get(i);
            boolean here = i == cursor;
            AttributedStringBuilder line = new AttributedStringBuilder().styled(accent, g.bar);
            String mark = multiple ? (ticked[i] ? "[x] " : "[ ] ") : (here ? g.on : g.off);
            line.styled(here ? accent : AttributedStyle.DEFAULT, (here ? "> " : "  ") + mark);
            line.styled(here ? AttributedStyle.BOLD : AttributedStyle.DEFAULT, shown(choice.label()));
            if (!choice.hint().isEmpty()) {
                line.styled(dim, "  (" + shown(choice.hint()) + ")");
            }
            lines.add(line.toAttributedString());
        }
        lines.add(new AttributedStringBuilder().styled(accent, g.end).styled(dim, multiple
            ? "up/down to move, space to toggle, enter to confirm" : "up/down to move, enter to choose")
            .toAttributedString());
        return lines;
    }

    /**
     * Text as the menu draws it: a project-local layer's name and description, or a path in a
     * hint, come from a cloned repository, and JLine draws control characters as they are.
     */
    private static String shown(String text) {
        return DisplayText.escape(text);
    }
}
