package dev.mino.core.sandbox;

import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts a sandbox for the lifecycle tests, run as a child process. Modes:
 * <ul>
 *   <li>{@code wait}: prints {@code STARTED <container id>} and waits to be killed (the test kills
 *       it with SIGKILL, so no shutdown hook runs);</li>
 *   <li>{@code exit}: prints the same and exits normally at once (the shutdown hook must remove
 *       the sandbox);</li>
 *   <li>{@code detach}: starts a detached sandbox, prints the same and exits (the sandbox must
 *       survive);</li>
 *   <li>{@code hang-at:<progress>}: the start reports progress to a listener that, on the first
 *       message beginning with {@code <progress>}, prints {@code PAUSED <message>} and blocks
 *       forever, so the start stays cut at that point until the test kills this JVM; with a
 *       suffix {@code +detach} the sandbox being started is a detached one.</li>
 * </ul>
 * A secret value other than {@code -} makes the sandbox ask for a credential that carries it
 * as {@code OWNER_TOKEN}, so that Podman holds a secret of this JVM's.
 */
public final class OwnerProcessMain {
    private OwnerProcessMain() {
    }

    /** Arguments: mode, engine URI, image, project folder, state folder, session name, secret or -, command... */
    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        SandboxBuilder builder = Sandbox.builder().engine(args[1]).image(args[2]).project(Path.of(args[3]))
            .stateDirectory(Path.of(args[4])).name(args[5]).command(Arrays.copyOfRange(args, 7, args.length))
            .detached(mode.equals("detach") || mode.endsWith("+detach"));
        if (!args[6].equals("-")) {
            builder.credentials(new FixedProvider(args[6]));
        }
        if (mode.startsWith("hang-at:")) {
            builder.listener(new HangingListener(mode.substring("hang-at:".length()).replace("+detach", "")));
        }
        Sandbox sandbox = builder.start();
        System.out.println("STARTED " + sandbox.containerId());
        System.out.flush();
        if (mode.equals("exit") || mode.equals("detach")) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }

    /** Blocks the starting thread for good at the first progress message with the given prefix. */
    private static final class HangingListener implements SandboxListener {
        private final String prefix;

        HangingListener(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void onProgress(String message) {
            if (!message.startsWith(prefix)) {
                return;
            }
            System.out.println("PAUSED " + message);
            System.out.flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A credential with one secret variable and no expiry, so it is never cached to a file. */
    private static final class FixedProvider implements CredentialProvider {
        private final String value;

        FixedProvider(String value) {
            this.value = value;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String cacheKey() {
            return "owner-process";
        }

        @Override
        public IssuedCredential issue() {
            return new IssuedCredential("fixed", Map.of("OWNER_TOKEN", value), Map.of(), null);
        }
    }
}
