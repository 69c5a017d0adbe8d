package dev.mino.core.sandbox;

import dev.mino.core.Sandbox;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A JVM that starts a sandbox for the lifecycle tests, run as a child process. After printing
 * {@code STARTED <container id>} it either waits to be killed (mode {@code wait}: the test kills it
 * with SIGKILL, so no shutdown hook runs) or exits normally at once (mode {@code exit}: the shutdown
 * hook must remove the sandbox) or starts a detached sandbox and exits (mode {@code detach}: the
 * sandbox must survive).
 */
public final class OwnerProcessMain {
    private OwnerProcessMain() {
    }

    /** Arguments: mode, engine URI, image, project folder, state folder, session name, command... */
    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        Sandbox sandbox = Sandbox.builder().engine(args[1]).image(args[2]).project(Path.of(args[3]))
            .stateDirectory(Path.of(args[4])).name(args[5]).command(Arrays.copyOfRange(args, 6, args.length))
            .detached(mode.equals("detach")).start();
        System.out.println("STARTED " + sandbox.containerId());
        System.out.flush();
        if (mode.equals("exit") || mode.equals("detach")) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }
}
