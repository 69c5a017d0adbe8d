package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.cli.testing.PodmanCommand;
import dev.mino.cli.testing.StandInRegistry;
import dev.mino.cli.testing.Tmux;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first run at a real terminal (a tmux pane), as a newcomer meets it after {@code mino setup}
 * (issue 16, item 1): an image the config names is not asked about again; Enter takes the
 * highlighted option of the tools question; tools whose base image cannot be had are not offered;
 * an image that cannot be had stops the run with what to run, on a line of its own, before
 * anything is created; and an error after a progress line never continues it. No registry answers
 * where these tests run: the names under {@code registry.example.invalid} never resolve.
 */
@RequiresPodman
@Timeout(300)
class FirstRunIT {
    private static final String UNREACHABLE_REGISTRY = "registry.example.invalid";

    private Path work;
    private Path project;
    private Path global;
    private String socket;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireExecutable("/usr/bin/tmux", "tmux makes the real terminal");
        work = TestDirectories.create("mino-cli-first-run");
        project = Files.createDirectories(work.resolve("project"));
        global = Files.createDirectories(work.resolve("config/mino")).resolve("config.toml");
        socket = "mino-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        Tmux.run(socket, "kill-server");
        TestDirectories.delete(work);
    }

    /** Starts {@code mino <args>} in the pane; its exit code lands in the file {@code exit}. */
    private void start(String args) throws Exception {
        Path script = work.resolve("session.sh");
        Files.writeString(script, String.join("\n",
            "cd '" + project + "'",
            "'" + Launcher.find() + "' " + args,
            "echo \"exit=$?\" > '" + work.resolve("exit") + "'",
            "sleep 120", ""));
        Tmux.run(socket, "new-session", "-d", "-s", "mino", "-x", "250", "-y", "50",
            Tmux.environment(work) + " sh '" + script + "'");
    }

    /** Waits for mino to end and returns {@code exit=<code>}. */
    private String exit() throws Exception {
        Path exit = work.resolve("exit");
        for (int i = 0; i < 600 && !Files.exists(exit); i++) {
            Thread.sleep(200);
        }
        return Files.readString(exit).strip();
    }

    /** Waits for mino to end with {@code code}, and returns the screen's lines. */
    private List<String> endedWith(int code) throws Exception {
        String exit = exit();
        String screen = Tmux.screen(socket);
        assertEquals("exit=" + code, exit, screen);
        return lines(screen);
    }

    private Launcher launcher() {
        return new Launcher(work, project);
    }

    private static List<String> lines(String screen) {
        return screen.lines().map(String::stripTrailing).toList();
    }

    @Test
    void anImageSetupRecordedIsNotAskedAboutAndTheCommandRuns() throws Exception {
        // What setup records: container.image alone.
        Files.writeString(global, "[container]\nimage = \"" + TestPodman.BUSYBOX_IMAGE + "\"\n");
        start("run --no-cache --no-home -- sh -c 'echo hello-$((6*7))'");

        String network = Tmux.awaitScreen(socket, s -> s.contains(NetworkPrompt.TITLE) && s.contains("air-gapped"),
            "the network question, which nothing answered");
        assertFalse(network.contains(LayerPrompt.TITLE), "the image is set, so no tools question:\n" + network);
        Tmux.type(socket, "Enter");
        Tmux.awaitScreen(socket, s -> s.contains(NetworkPrompt.SAVE_TITLE), "where to save the network");
        Tmux.type(socket, "Down", "Down", "Enter");
        String done = Tmux.awaitScreen(socket, s -> s.contains("hello-42"), "the command's output");

        assertEquals("exit=0", exit(), done);
        assertFalse(Tmux.screen(socket).contains(LayerPrompt.TITLE), Tmux.screen(socket));
    }

    @Test
    void enterOnTheHighlightedBaseOnlyTakesIt() throws Exception {
        Files.writeString(global, "[container]\nbase_image = \"" + TestPodman.BUSYBOX_IMAGE + "\"\n"
            + "network = \"bridge\"\n");
        start("run --no-cache --no-home -- sh -c 'echo base-$((6*7))'");

        String asked = Tmux.awaitScreen(socket, s -> s.contains(LayerPrompt.TITLE) && s.contains("python"),
            "the tools question");
        assertTrue(lines(asked).stream().anyMatch(l -> l.contains("> [ ] Base only")), "highlighted:\n" + asked);
        Tmux.type(socket, "Enter");
        String save = Tmux.awaitScreen(socket, s -> s.contains(LayerPrompt.SAVE_TITLE), "where to save the answer");
        assertFalse(save.contains("Select at least one"), save);
        Tmux.type(socket, "Down", "Down", "Enter");
        String done = Tmux.awaitScreen(socket, s -> s.contains("base-42"), "the command's output on the base image");

        assertEquals("exit=0", exit(), done);
        List<String> shown = lines(done);
        int title = shown.indexOf(shown.stream().filter(l -> l.contains(LayerPrompt.TITLE)).findFirst().orElseThrow());
        assertTrue(shown.get(title + 1).endsWith("Base only"), "the answer drawn under the question:\n" + done);
        assertFalse(Files.exists(project.resolve(".mino.toml")), "\"Don't save\" saved nothing");
    }

    @Test
    void toolsWhoseBaseCannotBeFetchedAreNotOffered() throws Exception {
        String base = UNREACHABLE_REGISTRY + "/mino/base:1";
        Files.writeString(global, "[container]\nbase_image = \"" + base + "\"\nnetwork = \"none\"\n");
        String name = "first-run-" + UUID.randomUUID().toString().substring(0, 8);
        start("run -n " + name + " -- echo never");

        String screen = String.join("\n", endedWith(1));
        assertFalse(screen.contains(LayerPrompt.TITLE) || screen.contains("Base only"),
            "nothing built on the unreachable base is offered:\n" + screen);
        assertTrue(screen.contains("Development tools are not offered: their base image " + base
            + " is not on the engine, and " + UNREACHABLE_REGISTRY + " does not answer"), screen);
        // Without the question the run uses the configured image, as it does without a terminal; here that
        // is the default, which no registry can provide either.
        assertTrue(lines(screen).stream().anyMatch(l -> l.startsWith("Error: Image fedora:43 is not on the engine")),
            screen);
        assertNothingLeft(name);
    }

    @Test
    void aMissingImageWithoutARegistryStopsWithWhatToRunAndLeavesNothing() throws Exception {
        String image = UNREACHABLE_REGISTRY + "/mino/missing-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        Files.writeString(global, "[container]\nimage = \"" + image + "\"\nnetwork = \"none\"\n");
        String name = "first-run-" + UUID.randomUUID().toString().substring(0, 8);
        start("run -n " + name + " -- echo never");

        List<String> shown = endedWith(1);
        String screen = String.join("\n", shown);
        assertTrue(shown.contains("Error: Image " + image + " is not on the engine, and it cannot be pulled: "
            + UNREACHABLE_REGISTRY + " does not answer"), "the error, on a line of its own:\n" + screen);
        String hint = String.join("", shown.subList(shown.indexOf(shown.stream()
            .filter(l -> l.startsWith("Hint:")).findFirst().orElseThrow()), shown.size()));
        assertTrue(hint.startsWith("Hint: run 'mino setup'"), screen);
        assertTrue(hint.contains("'podman pull " + image + "'"), screen);
        assertFalse(screen.contains("image not known") || screen.contains("removed already"), screen);
        assertNothingLeft(name);

        // The positive control: the same run with an image the engine has starts and prints.
        Files.writeString(global, "[container]\nimage = \"" + TestPodman.BUSYBOX_IMAGE + "\"\nnetwork = \"none\"\n");
        Launcher.Result control = launcher().run("run", "--no-cache", "--no-home", "--", "echo", "control");
        assertEquals("control\n", control.stdout(), control.toString());
    }

    @Test
    void aShortNameIsPulledThroughTheEngineAndItsFailureSaysWhatToRun() throws Exception {
        // A short name names no registry to probe: the engine's pull decides, and here it resolves to none.
        String image = "mino-missing-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        String name = "first-run-" + UUID.randomUUID().toString().substring(0, 8);
        Launcher.Result run = launcher().run("-v", "run", "-n", name, "--image", image, "--network", "none", "--",
            "true");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("... Pulling " + image + "\n"), "the pull was tried: " + run);
        List<String> shown = run.stderr().lines().toList();
        String error = shown.stream().filter(l -> l.startsWith("Error:")).findFirst().orElseThrow();
        assertTrue(error.startsWith("Error: Image " + image + " is not on the engine, and pulling it failed: "),
            run.toString());
        String hint = shown.get(shown.indexOf(error) + 1);
        assertTrue(hint.startsWith("Hint: run 'mino setup'") && hint.contains("'podman pull " + image + "'"),
            run.toString());
        assertNothingLeft(name);
    }

    /**
     * With a registry that answers, a missing image is pulled before anything starts, its progress
     * shown, and the run goes on. The registry is a {@link StandInRegistry} on loopback serving the
     * test's busybox over verified HTTPS.
     */
    @Test
    void aMissingImageIsPulledWithProgressWhenItsRegistryAnswers() throws Exception {
        try (StandInRegistry registry = StandInRegistry.servingTestImage(work)) {
            String image = registry.host() + "/mino-test/pulled-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
            try {
                Launcher.Result run = launcher().run("run", "--image", image, "--network", "none", "--no-cache",
                    "--no-home", "--", "echo", "pulled");
                assertEquals(0, run.exitCode(), run.toString());
                assertEquals("pulled\n", run.stdout(), run.toString());
                assertTrue(run.stderr().contains("... Pulling " + image + "\n"), run.toString());
                assertTrue(run.stderr().contains("... Pulling " + image + ": layer 1 ("), run.toString());
                assertTrue(run.stderr().contains("... Pulling " + image + ": writing the manifest\n"), run.toString());
                assertTrue(registry.requests().stream().anyMatch(r -> r.startsWith("GET /v2/mino-test/")),
                    registry.requests().toString());
            } finally {
                PodmanCommand.run("untag", image, image);
            }
        }
    }

    @Test
    void anErrorAfterAProgressLineStartsOnALineOfItsOwn() throws Exception {
        // The engine refuses the container at its creation, while "Creating container" is on screen: a
        // container of the test's holds the name.
        String name = "first-run-" + UUID.randomUUID().toString().substring(0, 8);
        try (PodmanClient podman = TestPodman.newClient()) {
            String blocker = podman.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
                "name", "mino-" + name, "command", List.of("true"))).id();
            try {
                start("run -n " + name + " --image " + TestPodman.BUSYBOX_IMAGE
                    + " --network none --no-cache --no-home -- true");
                List<String> shown = endedWith(1);
                String screen = String.join("\n", shown);
                String error = shown.stream().filter(l -> l.contains("Error:")).findFirst().orElseThrow();
                assertTrue(error.startsWith("Error:"), "the error starts its line:\n" + screen);
                int at = shown.indexOf(error);
                assertTrue(at > 0 && shown.get(at - 1).contains("Creating container mino-" + name),
                    "the progress line is kept above it:\n" + screen);
                assertTrue(podman.containers().exists(blocker), "mino removes only what it made");
            } finally {
                podman.containers().remove(blocker, true);
            }
        }
    }

    /**
     * A hostile sandbox writes the project's {@code .mino.toml} to name an image on a registry of
     * its own (here a listener on loopback that counts connections): mino must not probe it or
     * pull from it, since the file is untrusted and so not read. The positive control: the user
     * trusting the file makes the same run reach that registry.
     */
    @Test
    void aSandboxWrittenImageIsNeitherProbedNorPulled() throws Exception {
        Files.writeString(global, "[container]\nimage = \"" + TestPodman.BUSYBOX_IMAGE + "\"\nnetwork = \"none\"\n");
        try (ServerSocket registry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!registry.isClosed()) {
                    try (Socket connection = registry.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.start();
            String planted = "127.0.0.1:" + registry.getLocalPort() + "/planted/agent:1";
            Files.writeString(project.resolve(".mino.toml"), "[container]\nimage = \"" + planted + "\"\n");

            Launcher.Result untrusted = launcher().run("run", "--no-cache", "--no-home", "--", "echo", "ran");
            assertEquals("ran\n", untrusted.stdout(), "the user's image ran: " + untrusted);
            assertEquals(0, connections.get(), "nothing reached the planted registry: " + untrusted);

            Launcher.Result trusted = launcher().run("--trust-local", "run", "--no-cache", "--no-home", "--", "true");
            assertEquals(1, trusted.exitCode(), trusted.toString());
            assertTrue(trusted.stderr().contains("Error: Image " + planted + " is not on the engine"),
                trusted.toString());
            assertTrue(connections.get() > 0, "the control: a trusted file's registry is asked: " + trusted);
        }
    }

    /** No container of the session and no record of it. */
    private void assertNothingLeft(String name) {
        try (PodmanClient podman = TestPodman.newClient()) {
            assertFalse(podman.containers().exists("mino-" + name), "no container is created");
        }
        Launcher.Result list = launcher().run("list", "-a", "--format", "plain");
        assertFalse(list.stdout().contains(name), "no session is recorded: " + list);
    }
}
