package dev.mino.core.internal.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A second JVM for NamedVolumeCreatesTest: holds a lock file until its stdin ends. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
            channel.lock();
            System.out.println("LOCKED");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
