package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.TerminalBridge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * Draws a {@link Menu} on the user's terminal with JLine and reads the keys: the terminal goes
 * into a raw mode just for the question (no echo, no line editing, Ctrl-C read as a key) and is
 * given back exactly as it was. The menu is redrawn in place; once answered it shrinks to the
 * question and the answer, which stay on the screen.
 *
 * <p>Keys are read byte by byte from the stream given, never through JLine's reader, whose
 * background pump could keep a byte that the sandboxed command should get afterwards.
 */
public final class TerminalPrompter implements Prompter, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TerminalPrompter.class.getName());

    private final Terminal terminal;
    private final InputStream keys;

    TerminalPrompter(Terminal terminal, InputStream keys) {
        this.terminal = terminal;
        this.keys = keys;
    }

    /**
     * The user's terminal, drawn on stderr when it is a terminal (stdout otherwise), or empty when
     * JLine cannot reach it. Built like {@link TerminalBridge}'s: the stty-based provider, no native
     * signal handlers.
     */
    public static Optional<TerminalPrompter> open(Io io) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).exec(true).jni(false).jna(false).jansi(false)
                .ffm(false).dumb(false).nativeSignals(false)
                .systemOutput(TerminalBuilder.SystemOutput.SysErrOrSysOut).build();
            return Optional.of(new TerminalPrompter(terminal, io.in()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot use the terminal for prompts: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<Integer> ask(Menu menu) {
        Attributes saved = terminal.getAttributes();
        terminal.setAttributes(raw(saved));
        terminal.puts(Capability.cursor_invisible);
        Display display = new Display(terminal, false);
        Size size = terminal.getSize();
        int columns = size.getColumns() > 0 ? size.getColumns() : 80;
        display.resize(size.getRows() > 0 ? size.getRows() : 24, columns);
        try {
            draw(display, menu, columns);
            while (menu.state() == Menu.State.ASKING) {
                menu.handle(MenuKey.read(keys));
                draw(display, menu, columns);
            }
            terminal.writer().println();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the answer from the terminal", e);
        } finally {
            terminal.puts(Capability.cursor_visible);
            terminal.flush();
            terminal.setAttributes(saved);
        }
        if (menu.state() == Menu.State.CANCELLED) {
            throw new PromptCancelled();
        }
        return menu.answer();
    }

    private void draw(Display display, Menu menu, int columns) {
        List<AttributedString> lines = menu.lines(glyphs()).stream()
            .map(line -> line.columnLength() > columns - 1 ? line.columnSubSequence(0, columns - 1) : line)
            .toList();
        AttributedString last = lines.get(lines.size() - 1);
        display.update(lines, (lines.size() - 1) * columns + last.columnLength());
        terminal.flush();
    }

    private Menu.Glyphs glyphs() {
        boolean drawable = terminal.encoding().newEncoder().canEncode(Menu.Glyphs.UNICODE.all());
        return drawable ? Menu.Glyphs.UNICODE : Menu.Glyphs.ASCII;
    }

    /** Keys one by one, unechoed, with Ctrl-C and Ctrl-D as bytes rather than signals. */
    private static Attributes raw(Attributes saved) {
        Attributes raw = new Attributes(saved);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.IEXTEN, LocalFlag.ISIG), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IXON, InputFlag.ICRNL, InputFlag.INLCR), false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the prompt terminal: " + e.getMessage());
        }
    }
}
