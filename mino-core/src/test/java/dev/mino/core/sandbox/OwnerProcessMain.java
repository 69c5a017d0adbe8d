package dev.mino.core.sandbox;

import dev.mino.core.Sandbox;
import java.nio.file.Path;

/**
 * A JVM that starts a sandbox and then waits to be killed: the test of the startup sweep runs it
 * as a child process and kills it with SIGKILL, so that no shutdown hook runs.
 */
public final class OwnerProcessMain {
    private OwnerProcessMain() {
    }

    /** Arguments: engine URI, image, project folder, state folder, session name. */
    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox = Sandbox.builder().engine(args[0]).image(args[1]).project(Path.of(args[2]))
            .stateDirectory(Path.of(args[3])).name(args[4]).command("sleep", "600").start();
        System.out.println("STARTED " + sandbox.containerId());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
