package com.example.embedder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is on the engine, seen through the {@code podman} command (remote, at {@code CONTAINER_HOST}
 * when that is set), not through mino: the test's independent look at what a sandbox left behind.
 */
final class EngineObjects {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_LABEL = "dev.mino.session";

    private final String containerHost;

    EngineObjects(Map<String, String> environment) {
        this.containerHost = environment.get("CONTAINER_HOST");
    }

    /**
     * Everything labelled as {@code session}'s: containers, volumes, networks and secrets, each as
     * {@code kind name}. Empty when nothing of the session is left.
     */
    List<String> ofSession(String session) {
        List<String> found = new ArrayList<>();
        String filter = "label=" + SESSION_LABEL + "=" + session;
        podman("ps", "--all", "--filter", filter, "--format", "{{.Names}}").lines()
            .forEach(name -> found.add("container " + name));
        podman("volume", "ls", "--filter", filter, "--format", "{{.Name}}").lines()
            .forEach(name -> found.add("volume " + name));
        podman("network", "ls", "--filter", filter, "--format", "{{.Name}}").lines()
            .forEach(name -> found.add("network " + name));
        // Podman 4.3 filters secrets by name and id only: their labels are read from inspect, one at a
        // time, since other programs' secrets may go meanwhile.
        for (String id : podman("secret", "ls", "--format", "{{.ID}}").lines().toList()) {
            JsonNode secret;
            try {
                secret = readTree(podman("secret", "inspect", id)).path(0);
            } catch (AssertionError gone) {
                continue;
            }
            if (session.equals(secret.path("Spec").path("Labels").path(SESSION_LABEL).asText(null))) {
                found.add("secret " + secret.path("Spec").path("Name").asText());
            }
        }
        return found;
    }

    /** Removes a volume the test's sandbox made (a cache volume of its project). */
    void removeVolume(String name) {
        podman("volume", "rm", "--force", name);
    }

    private String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        if (containerHost != null && !containerHost.isEmpty()) {
            command.addAll(List.of("--url", containerHost));
        }
        command.addAll(List.of(args));
        return Processes.stdout(command, null, null, Duration.ofMinutes(1));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
