package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.Labels;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Red team: a bridge session's build runs the install script of a project layer, which the
 * sandbox wrote. It may reach what the session reaches (the host's own address, the internet),
 * but not the host's loopback: a rootless engine's default build network is the host's own
 * namespace, where every service on 127.0.0.1 answers.
 */
@RequiresPodman
@Timeout(300)
class BuildNetworkIT {
    private Path project;
    private Path state;
    private PodmanClient podman;
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
    private final List<String> image = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        podman = TestPodman.newClient();
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void cleanUp() throws IOException {
        image.forEach(tag -> podman.images().remove(tag, true));
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        podman.close();
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    /** A listener that records every line sent to it. */
    private ServerSocket listen(InetAddress address, List<String> heard) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0));
        listeners.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.setSoTimeout(5000);
                    String line = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                    heard.add(String.valueOf(line));
                } catch (IOException e) {
                    // Closed at the end of the test, or a client that sent nothing.
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    /** The host's first IPv4 address that is not loopback nor a Podman bridge's. */
    static InetAddress hostAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("podman") || nic.getName().startsWith("cni")) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        throw new IllegalStateException("this host has no IPv4 address besides loopback");
    }

    @Test
    void aBridgeSessionsProjectLayerBuildReachesTheHostButNotItsLoopback() throws IOException {
        List<String> onLoopback = new CopyOnWriteArrayList<>();
        List<String> onHost = new CopyOnWriteArrayList<>();
        int loopbackPort = listen(InetAddress.getLoopbackAddress(), onLoopback).getLocalPort();
        InetAddress host = hostAddress();
        int hostPort = listen(host, onHost).getLocalPort();
        String run = UUID.randomUUID().toString();
        Path layer = Files.createDirectories(project.resolve(".mino/layers/probe"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"probe\"\ndescription = \"probe\"\n"
            + "version = \"1\"\n");
        Files.writeString(layer.resolve("install.sh"), String.join("\n", "#!/bin/sh",
            "echo via-loopback-" + run + " | nc -w 3 127.0.0.1 " + loopbackPort + " || true",
            "echo via-slirp-host-" + run + " | nc -w 3 10.0.2.2 " + loopbackPort + " || true",
            "echo via-host-" + run + " | nc -w 3 " + host.getHostAddress() + " " + hostPort + " || true", ""));
        List<String> output = new CopyOnWriteArrayList<>();
        String tag = Sandbox.builder().engine(TestPodman.address().uri()).project(project).stateDirectory(state)
            .baseImage(TestPodman.BUSYBOX_IMAGE).trustProjectLayers(true).layers("probe")
            .network(NetworkPolicy.bridge()).listener(new SandboxListener() {
                @Override
                public void onBuildOutput(String line) {
                    output.add(line);
                }
            }).prepareImage();
        image.add(tag);
        assertTrue(onHost.contains("via-host-" + run),
            "positive control: the build reaches the host's own address, as a bridge session does; heard "
                + onHost + ", build output " + output);
        assertEquals(List.of(), onLoopback, "the build reached the host's loopback; build output " + output);
        assertEquals(List.of(), podman.containers().list(new Filters().label(Labels.MANAGED, "true")
            .label(Labels.ROLE, Labels.ROLE_BUILD_NETWORK).label(Labels.OWNER_PID,
                Long.toString(ProcessHandle.current().pid())), true), "the build's network holder is removed");
    }
}
