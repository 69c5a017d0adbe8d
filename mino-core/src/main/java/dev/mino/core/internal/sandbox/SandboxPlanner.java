package dev.mino.core.internal.sandbox;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.MountSpec;
import dev.mino.core.ResourceLimits;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.cache.CacheLabels;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.credentials.TrustDelivery;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.network.EgressGuard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a spec into the exact container-create request (libpod SpecGenerator). Pure: no I/O, so
 * the hardening can be checked in unit tests and printed by a dry run. Podman silently ignores
 * unknown fields, so every key here is also proven inside a real container by the integration tests.
 */
public final class SandboxPlanner {
    /** The CFS period the CPU limit is a quota of, Podman's default (100 ms). */
    static final long CPU_PERIOD_MICROS = 100_000;
    /** Paths that become tmpfs when the root filesystem is read-only, and their modes. */
    static final Map<String, String> READ_ONLY_TMPFS = orderedMap(
        "/tmp", "1777", "/run", "755", "/root", "700", "/home/developer", "1777");

    private SandboxPlanner() {
    }

    /** The owner to record on a sandbox started now from this JVM. */
    public static Owner currentOwner() {
        return Owner.current();
    }

    /** The plan for {@code spec}, run as session {@code sessionName} by {@code owner}, without named volumes. */
    public static SandboxPlan plan(SandboxSpec spec, String sessionName, Owner owner) {
        return plan(spec, sessionName, owner, PreparedVolumes.NONE);
    }

    /** The plan for {@code spec} with the cache and home {@code volumes} prepared for it. */
    public static SandboxPlan plan(SandboxSpec spec, String sessionName, Owner owner, PreparedVolumes volumes) {
        return plan(spec, sessionName, owner, volumes, SecretDelivery.NONE, null, EngineFacts.assumedLocal());
    }

    /**
     * The plan for {@code spec} with its volumes and its credentials' delivery, for an engine with
     * these {@code facts}. When credentials are delivered, the command is wrapped, so the image's
     * entrypoint and command must be given.
     */
    public static SandboxPlan plan(SandboxSpec spec, String sessionName, Owner owner, PreparedVolumes volumes,
                                   SecretDelivery credentials, ImagesApi.ImageDefaults image, EngineFacts facts) {
        return plan(spec, sessionName, owner, volumes, credentials, image, facts, spec.effectiveFirewallImage(),
            null, null, null);
    }

    /**
     * The plan of a sandbox from the {@code facts} read for it, run as session {@code sessionName}
     * by {@code owner}, with its credentials delivered as {@code credentials} says. Pure: the plan
     * a dry run shows and the plan a start executes are both made here, from the same facts; a
     * start plans once from its providers' declarations ({@code CredentialProvider.planned()})
     * and, when what they issued differs, once more from what was issued.
     *
     * @throws dev.mino.core.InvalidSpecException when the spec cannot run on this engine (a home
     *     folder as the project of a rootful engine, credentials for an image without a command)
     */
    static SandboxPlan plan(PlanFacts facts, String sessionName, Owner owner, SecretDelivery credentials) {
        return plan(facts, sessionName, owner, credentials, null);
    }

    /**
     * Like {@link #plan(PlanFacts, String, Owner, SecretDelivery)}, with the sandbox's connections
     * to {@code interception}'s targets handed to the credential proxy: the firewall's guard gets
     * the targets, and the firewall container (never the sandbox) the proxy's folder.
     *
     * @param interception the proxy's folder and targets, or null for none
     * @throws dev.mino.core.InvalidSpecException also when there is an interception but the policy
     *     is no allowlist (only the firewall can redirect), or a target is allowed by no rule
     */
    static SandboxPlan plan(PlanFacts facts, String sessionName, Owner owner, SecretDelivery credentials,
                            ProxyInterception interception) {
        return plan(facts.plannedSpec(), sessionName, owner, facts.volumes(), credentials, facts.image(),
            facts.engine(), facts.firewallImage(), facts.buildNeeded() ? facts.spec().image() : null,
            facts.agentRelay() == null ? null : facts.agentRelay().socket(), interception);
    }

    private static SandboxPlan plan(SandboxSpec spec, String sessionName, Owner owner, PreparedVolumes volumes,
                                    SecretDelivery credentials, ImagesApi.ImageDefaults image, EngineFacts facts,
                                    String firewallImage, String imageToBuild, java.nio.file.Path agentRelaySocket,
                                    ProxyInterception interception) {
        if (interception != null && spec.network().mode() != dev.mino.network.NetworkMode.ALLOWLIST) {
            throw new InvalidSpecException("the credential proxy needs an allowlist network policy, not "
                + spec.network().describe() + ": only the allowlist's firewall can hand it the sandbox's connections",
                "choose an allowlist network policy, or turn credential placeholders off");
        }
        UserNamespaces.Mapping mapping = UserNamespaces.decide(facts.rootless(), spec.allowRootfulEngine());
        boolean ownNamespace = mapping == UserNamespaces.Mapping.AUTO;
        if (ownNamespace) {
            UserNamespaces.requireHandable(spec.project(), java.nio.file.Path.of(System.getProperty("user.home")));
        }
        String containerName = "mino-" + sessionName;
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.SESSION, sessionName);
        owner.addTo(labels);
        labels.put(Labels.PROJECT, spec.project().toString());
        // Every label of Mino's that a sweep, a listing or a cache reads is set here, even when it
        // says "no": a container inherits its image's labels, and an image's author must not make
        // a sandbox detached (outliving its JVM and the sweep), a firewall, or a finisher of caches.
        labels.put(Labels.DETACHED, Boolean.toString(spec.detached()));
        labels.put(Labels.ROLE, Labels.ROLE_SANDBOX);
        // On the container, so that whoever sees it exit with 0 can mark these caches complete.
        labels.put(CacheLabels.TO_FINALIZE, String.join(",", volumes.toFinalize()));

        // Placeholders: the sandbox trusts mino's authority, which the credential proxy presents.
        TrustDelivery trust = TrustDelivery.of(sessionName, spec.credentialPlaceholders(), credentials.providers());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", containerName);
        body.put("image", spec.image());
        if (credentials.wrapsCommand()) {
            // The wrapper exports the secret files and then runs what the image would have run.
            List<String> command = new ArrayList<>(image.entrypoint());
            command.addAll(spec.command().isEmpty() ? image.command() : spec.command());
            if (command.isEmpty()) {
                throw new InvalidSpecException("image " + spec.image() + " has no command and none was given",
                    "pass a command");
            }
            String wrapper = trust == null ? SecretDelivery.WRAPPER : TrustDelivery.WRAPPER_PREFIX + SecretDelivery.WRAPPER;
            body.put("entrypoint", List.of("/bin/sh", "-c", wrapper, SecretDelivery.WRAPPER_NAME));
            body.put("command", List.copyOf(command));
        } else if (!spec.command().isEmpty()) {
            body.put("command", spec.command());
        }
        Map<String, String> env = new LinkedHashMap<>(volumes.env());
        env.putAll(credentials.plainEnv());
        if (trust != null) {
            env.putAll(trust.env());
        }
        // What the caller set wins over the cache env.
        env.putAll(spec.env());
        body.put("env", Collections.unmodifiableMap(env));
        body.put("work_dir", spec.workdir());
        if (spec.user() != null) {
            body.put("user", spec.user());
        }
        body.put("labels", Collections.unmodifiableMap(labels));
        body.put("terminal", spec.tty());
        body.put("stdin", spec.attach());
        body.put("remove", false);
        // The hardening every sandbox gets, whatever the caller asked.
        body.put("cap_drop", List.of("ALL"));
        body.put("no_new_privileges", true);
        body.put("resource_limits", resourceLimits(spec.limits().withDefaults(facts.memoryBytes(), facts.cpus()), facts));
        body.put("read_only_filesystem", spec.readOnly());
        List<Object> mounts = new ArrayList<>(mounts(spec, volumes, ownNamespace));
        if (credentials.wrapsCommand()) {
            mounts.add(orderedMap("destination", SecretDelivery.DIRECTORY, "type", "tmpfs", "source", "tmpfs",
                "options", List.of("rw", "nosuid", "nodev", "noexec", "size=1m", "mode=755")));
            List<Object> secrets = new ArrayList<>();
            for (SecretDelivery.SecretFile file : credentials.secrets()) {
                // Readable by any user of the sandbox: it is the sandbox's own credential.
                secrets.add(orderedMap("Source", file.secretName(), "Target",
                    SecretDelivery.DIRECTORY + "/" + file.variable(), "UID", 0, "GID", 0, "Mode", 0444));
            }
            if (trust != null) {
                // Sticky and open to all: the wrapper, run as the sandbox's user, writes the bundle here.
                mounts.add(orderedMap("destination", TrustDelivery.DIRECTORY, "type", "tmpfs", "source", "tmpfs",
                    "options", List.of("rw", "nosuid", "nodev", "noexec", "size=4m", "mode=1777")));
                trust.files().forEach((secret, target) -> secrets.add(orderedMap("Source", secret, "Target", target,
                    "UID", 0, "GID", 0, "Mode", 0444)));
            }
            body.put("secrets", Collections.unmodifiableList(secrets));
        }
        body.put("mounts", Collections.unmodifiableList(mounts));
        if (!volumes.mounts().isEmpty()) {
            List<Object> named = new ArrayList<>();
            List<String> options = ownNamespace ? UserNamespaces.owned(List.of("rw")) : List.of("rw");
            volumes.mounts().forEach((name, path) -> named.add(orderedMap("Name", name, "Dest", path,
                "Options", options)));
            body.put("volumes", Collections.unmodifiableList(named));
        }
        Map<String, Object> firewall = null;
        switch (spec.network().mode()) {
            case HOST -> body.put("netns", Map.of("nsmode", "host"));
            case NONE -> body.put("netns", Map.of("nsmode", "none"));
            case BRIDGE -> joinBridge(body, spec);
            case ALLOWLIST -> {
                // The sandbox joins the firewall container's network namespace: the rules are set
                // there, by a process the sandboxed command can neither see nor signal.
                body.put("netns", orderedMap("nsmode", "container", "value", firewallName(sessionName)));
                firewall = firewallBody(spec, firewallImage, sessionName, labels, ownNamespace, interception);
            }
            default -> throw new IllegalStateException("unknown network mode " + spec.network().mode());
        }
        if (ownNamespace && firewall != null) {
            // A network namespace can only be joined from the user namespace that owns it (the
            // sandbox could not even mount /sys otherwise), so the sandbox joins the firewall's;
            // the launcher adds the firewall's id mappings once it exists.
            UserNamespaces.putJoin(body, firewallName(sessionName));
        } else if (ownNamespace) {
            UserNamespaces.putAuto(body);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        credentials.secrets().forEach(file -> secrets.put(file.secretName(), file.variable()));
        if (trust != null) {
            secrets.putAll(trust.files());
        }
        return new SandboxPlan(spec, sessionName, containerName, labels, Collections.unmodifiableMap(body), firewall,
            imageToBuild, secrets, agentRelaySocket);
    }

    /** The name of the firewall container of an allowlisted session. */
    public static String firewallName(String sessionName) {
        return "mino-" + sessionName + "-firewall";
    }

    /**
     * Bridge mode: a named Podman network when the spec asks for one, otherwise a network namespace
     * of the sandbox's own ({@code private}: slirp4netns or pasta on a rootless engine, Podman's
     * bridge on a rootful one). Private rather than Podman's shared {@code bridge} network because
     * sandboxes then cannot reach one another, and because on a rootless engine the shared network
     * is set up and torn down around every sandbox when no other container keeps it, which costs a
     * quarter of a second per run.
     */
    private static void joinBridge(Map<String, Object> body, SandboxSpec spec) {
        if (spec.podmanNetwork() != null) {
            body.put("netns", Map.of("nsmode", "bridge"));
            body.put("Networks", Map.of(spec.podmanNetwork(), Map.of()));
        } else {
            body.put("netns", Map.of("nsmode", "private"));
        }
    }

    /**
     * The firewall container: root with NET_ADMIN (to set the rules) and NET_BIND_SERVICE (to
     * answer DNS on port 53) only. Its process is the egress guard, which sets and checks the
     * rules, prints the ready marker and then serves as the sandbox's only resolver until SIGTERM.
     */
    private static Map<String, Object> firewallBody(SandboxSpec spec, String image, String sessionName,
                                                    Map<String, String> labels, boolean ownNamespace,
                                                    ProxyInterception interception) {
        Map<String, String> firewallLabels = new LinkedHashMap<>(labels);
        firewallLabels.put(Labels.ROLE, Labels.ROLE_FIREWALL);
        EgressGuard guard = EgressGuard.of(spec.network());
        if (interception != null) {
            try {
                guard = guard.intercepting(interception.targets());
            } catch (dev.mino.network.NetworkPolicyException e) {
                throw new InvalidSpecException(e.getMessage(), e.hint());
            }
        }
        List<String> command = guard.command();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", firewallName(sessionName));
        body.put("image", image);
        body.put("entrypoint", command.subList(0, 1));
        body.put("command", command.subList(1, command.size()));
        body.put("user", "0:0");
        body.put("labels", Collections.unmodifiableMap(firewallLabels));
        body.put("remove", false);
        body.put("cap_drop", List.of("ALL"));
        body.put("cap_add", List.of("NET_ADMIN", "NET_BIND_SERVICE"));
        body.put("no_new_privileges", true);
        if (ownNamespace) {
            UserNamespaces.putAuto(body);
        }
        if (interception != null) {
            // The proxy's sockets, for the guard alone: the sandbox never gets this mount, so it can
            // neither reach the upstream service nor pose as the proxy. In a user namespace of its
            // own (rootful engine) the firewall's root is no uid of the host: the folder is handed to it.
            List<String> options = List.of("rw", "rbind", "nosuid", "nodev", "noexec");
            body.put("mounts", List.of(orderedMap("destination", EgressGuard.PROXY_FOLDER, "type", "bind",
                "source", interception.folder().toString(), "options",
                ownNamespace ? UserNamespaces.owned(options) : options)));
        }
        joinBridge(body, spec);
        if (!spec.upstreamDns().isEmpty()) {
            // Into the firewall's /etc/resolv.conf, where the guard reads its upstream from; the
            // sandbox's own resolv.conf is rewritten by the guard to name only the guard.
            body.put("dns_server", spec.upstreamDns());
        }
        return Collections.unmodifiableMap(body);
    }

    /**
     * The {@code resource_limits} of the create body (an OCI LinuxResources), each limit only
     * where the engine has its cgroup controller. Only the memory limit: swap is left to the
     * engine, since a cgroup v1 host without swap accounting refuses a swap limit.
     */
    static Map<String, Object> resourceLimits(ResourceLimits limits, EngineFacts facts) {
        Map<String, Object> resources = new LinkedHashMap<>();
        if (facts.hasController("memory")) {
            resources.put("memory", Map.of("limit", limits.memoryBytes()));
        }
        if (facts.hasController("cpu")) {
            resources.put("cpu", orderedMap("quota", Math.round(limits.cpus() * CPU_PERIOD_MICROS),
                "period", CPU_PERIOD_MICROS));
        }
        if (facts.hasController("pids")) {
            resources.put("pids", Map.of("limit", limits.pids()));
        }
        return Collections.unmodifiableMap(resources);
    }

    private static List<Object> mounts(SandboxSpec spec, PreparedVolumes volumes, boolean ownNamespace) {
        List<Object> mounts = new ArrayList<>();
        // In a user namespace of its own the sandbox's user is no uid of the host: the project is
        // handed to it, or it could not write there. The caller's own mounts are left alone.
        Map<String, Object> project = bind(spec.project().toString(), spec.workdir(), false);
        mounts.add(ownNamespace ? orderedMap("destination", spec.workdir(), "type", "bind", "source",
            spec.project().toString(), "options", UserNamespaces.owned(List.of("rw", "rbind"))) : project);
        for (MountSpec mount : spec.mounts()) {
            mounts.add(bind(mount.hostPath().toString(), mount.containerPath(), mount.readOnly()));
        }
        if (spec.readOnly()) {
            // Podman 4.3's API, unlike its CLI, adds no tmpfs for a read-only root: programs need
            // somewhere to write.
            READ_ONLY_TMPFS.forEach((path, mode) -> {
                if (spec.mounts().stream().noneMatch(m -> m.containerPath().equals(path))
                    && !spec.workdir().equals(path) && !volumes.mounts().containsValue(path)) {
                    mounts.add(orderedMap("destination", path, "type", "tmpfs", "source", "tmpfs",
                        "options", List.of("rw", "nosuid", "nodev", "mode=" + mode)));
                }
            });
        }
        return Collections.unmodifiableList(mounts);
    }

    private static Map<String, Object> bind(String source, String destination, boolean readOnly) {
        return orderedMap("destination", destination, "type", "bind", "source", source,
            "options", List.of(readOnly ? "ro" : "rw", "rbind"));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
