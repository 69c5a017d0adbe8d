package dev.mino.core.internal.state;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The name of this machine, looked up once, for the owner of the sessions it starts. */
public final class HostName {

    private HostName() {
    }

    /** This machine's name, looked up once. */
    public static String local() {
        return Holder.NAME;
    }

    private static final class Holder {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        // The kernel's name first: InetAddress may wait on DNS for seconds on a badly set-up host.
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is not mounted: ask the resolver instead.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
