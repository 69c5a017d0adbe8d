package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.PodmanClient;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * What Podman holds for one sandbox: its container, the firewall container of an allowlist, and
 * the secrets of its credentials; and what this JVM runs for it: the SSH agent relay and the
 * credential proxy. Filled while a sandbox starts, so that a failure half-way can
 * remove exactly what was made; removed in the order Podman requires.
 */
final class SandboxObjects {
    private static final System.Logger LOG = System.getLogger(SandboxObjects.class.getName());

    private final PodmanClient client;
    private String containerId;
    private String firewallId;
    private final List<String> secrets = new ArrayList<>();
    private SshAgentRelay agentRelay;
    private CredentialProxySetup credentialProxy;
    private java.nio.file.Path proxyFolder;

    SandboxObjects(PodmanClient client) {
        this.client = client;
    }

    SandboxObjects(PodmanClient client, String containerId, String firewallId, List<String> secrets) {
        this(client);
        this.containerId = containerId;
        this.firewallId = firewallId;
        this.secrets.addAll(secrets);
    }

    void container(String id) {
        containerId = id;
    }

    void firewall(String id) {
        firewallId = id;
    }

    void secret(String name) {
        secrets.add(name);
    }

    void agentRelay(SshAgentRelay relay) {
        agentRelay = relay;
    }

    /** The credential proxy and its folder (made by the start), stopped and removed with the sandbox. */
    void credentialProxy(CredentialProxySetup proxy, java.nio.file.Path folder) {
        credentialProxy = proxy;
        proxyFolder = folder;
    }

    String containerId() {
        return containerId;
    }

    /** The firewall container of an allowlist, or null. */
    String firewallId() {
        return firewallId;
    }

    List<String> secrets() {
        return List.copyOf(secrets);
    }

    /**
     * Removes everything, the sandbox first (Podman keeps a network namespace's owner while it is
     * used, and a secret while a container refers to it). The relay is stopped whatever happens.
     *
     * @throws MinoException when Podman cannot be reached; what is left can be removed by a retry
     */
    void remove() {
        try {
            if (containerId != null) {
                client.containers().remove(containerId, true);
            }
            if (firewallId != null) {
                client.containers().remove(firewallId, true);
            }
            for (String secret : secrets) {
                client.secrets().remove(secret);
            }
        } finally {
            if (agentRelay != null) {
                agentRelay.close();
            }
            stopCredentialProxy();
        }
    }

    /** Stops the credential proxy and removes its folder, with the firewall's socket in it. */
    private void stopCredentialProxy() {
        if (credentialProxy != null) {
            credentialProxy.close();
        }
        if (proxyFolder != null) {
            ProxyFolder.deleteQuietly(proxyFolder);
        }
    }

    /**
     * Like {@link #remove()} after a failed start: each object is tried even when another could
     * not be removed, and problems are logged only, since the start's failure is what counts.
     */
    void removeQuietly() {
        if (containerId != null) {
            quietly("container " + containerId, () -> client.containers().remove(containerId, true));
        }
        if (firewallId != null) {
            quietly("firewall container " + firewallId, () -> client.containers().remove(firewallId, true));
        }
        for (String secret : secrets) {
            quietly("secret " + secret, () -> client.secrets().remove(secret));
        }
        if (agentRelay != null) {
            quietly("the SSH agent relay", agentRelay::close);
        }
        quietly("the credential proxy", this::stopCredentialProxy);
    }

    private static void quietly(String what, Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove " + what + " made for a sandbox that failed to start: "
                + (e instanceof MinoException mino ? mino.describe() : e.toString()));
        }
    }
}
