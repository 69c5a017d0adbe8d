package dev.mino.cli.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether a standard stream is a terminal, without loading a native library. */
final class Terminals {
    private Terminals() {
    }

    /**
     * Whether file descriptor {@code fd} (0, 1 or 2) is a terminal. On Linux the answer comes from
     * /proc, per descriptor. Elsewhere Java 17 only knows whether stdin and stdout both are
     * ({@link System#console()}), which then stands for every descriptor.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return isTerminalDevice(target);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Whether a device path names a terminal: a pseudo-terminal, a tty or the console. */
    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }
}
