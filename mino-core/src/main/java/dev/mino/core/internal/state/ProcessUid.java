package dev.mino.core.internal.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's numeric uid, where the platform tells it without running a program. */
public final class ProcessUid {
    private ProcessUid() {
    }

    /** This process's uid, read from /proc (Linux); -1 elsewhere. */
    public static long current() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }
}
