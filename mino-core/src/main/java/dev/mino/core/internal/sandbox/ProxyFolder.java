package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.network.EgressGuard;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder of a sandbox's credential proxy: the proxy's socket and the firewall's upstream
 * socket live in it, and only the firewall container mounts it (at
 * {@link EgressGuard#PROXY_FOLDER}), never the sandbox. Made new for each sandbox, private
 * ({@code 0700}) like the SSH agent relay's folder ({@link AgentRelayFolder}); a JVM running as
 * root beside another user's rootless engine hands it to that user, whose root the firewall's is.
 */
final class ProxyFolder {
    private static final System.Logger LOG = System.getLogger(ProxyFolder.class.getName());

    private ProxyFolder() {
    }

    /** A new folder's path, chosen, not made (see {@link AgentRelayFolder#choose}). */
    static Path choose(Map<String, String> environment) {
        Path chosen = AgentRelayFolder.choose(environment, true);
        return chosen.resolveSibling(chosen.getFileName().toString().replace("mino-agent-", "mino-proxy-"));
    }

    /**
     * Makes the folder chosen, handed to {@code engineUid} when this JVM runs as root and the
     * engine does not.
     *
     * @throws MinoException when it cannot be made so
     */
    static Path create(Path folder, Map<String, String> environment, long engineUid) {
        try {
            Path made = AgentRelayFolder.createAt(folder, environment);
            if (AgentRelayFolder.uid(made) == 0 && engineUid > 0) {
                Files.setAttribute(made, "unix:uid", Math.toIntExact(engineUid), LinkOption.NOFOLLOW_LINKS);
            }
            return made;
        } catch (IOException e) {
            throw new MinoException("cannot make the credential proxy's folder " + folder + ": " + e.getMessage(),
                "check that the runtime or temp folder is writable, or turn credential placeholders off");
        }
    }

    /** Removes the folder and the sockets in it. */
    static void deleteQuietly(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve(EgressGuard.PROXY_SOCKET));
            Files.deleteIfExists(folder.resolve(EgressGuard.UPSTREAM_SOCKET));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not remove the credential proxy's folder " + folder + ": " + e.getMessage());
        }
    }
}
