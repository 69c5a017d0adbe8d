package dev.mino.cli.prompts;

import java.io.IOException;
import java.io.InputStream;

/** The keys a {@link Menu} understands, decoded from a terminal in raw mode. */
enum MenuKey {
    UP, DOWN, TOGGLE, CONFIRM, CANCEL, IGNORED;

    private static final int ESC = 0x1b;
    private static final int CTRL_C = 0x03;
    private static final int CTRL_D = 0x04;

    /**
     * Reads one key: arrow keys (also as {@code k}/{@code j}), space, Enter; Ctrl-C, Ctrl-D and the
     * end of input cancel. Reads byte by byte and never waits for more than a key needs, so that no
     * input meant for the sandboxed command afterwards is consumed. A lone Escape waits for the next
     * key, which it then makes part of an ignored sequence: telling them apart would need a timed
     * read, and a timed read leaves a reader behind that could swallow a later byte.
     */
    static MenuKey read(InputStream in) throws IOException {
        int b = in.read();
        switch (b) {
            case -1:
            case CTRL_C:
            case CTRL_D:
                return CANCEL;
            case '\r':
            case '\n':
                return CONFIRM;
            case ' ':
                return TOGGLE;
            case 'k':
                return UP;
            case 'j':
                return DOWN;
            case ESC:
                return escapeSequence(in);
            default:
                return IGNORED;
        }
    }

    private static MenuKey escapeSequence(InputStream in) throws IOException {
        int introducer = in.read();
        if (introducer == -1) {
            return CANCEL;
        }
        if (introducer != '[' && introducer != 'O') {
            return IGNORED;
        }
        // Parameters and intermediates, then one final byte (ECMA-48: 0x40 to 0x7e).
        int b;
        do {
            b = in.read();
            if (b == -1) {
                return CANCEL;
            }
        } while (b < 0x40 || b > 0x7e);
        if (b == 'A') {
            return UP;
        }
        return b == 'B' ? DOWN : IGNORED;
    }
}
