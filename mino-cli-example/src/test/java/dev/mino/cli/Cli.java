package dev.mino.cli;

import dev.mino.cli.terminal.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ParseResult;

/** Runs the CLI in-process against in-memory streams, for unit tests that need no Podman. */
public final class Cli {
    /** One folder per JVM for the config and state directories, so no test reads the real user's. */
    private static final Path HOME = isolatedHome();

    private final Map<String, String> env = new HashMap<>(Map.of(
        "XDG_CONFIG_HOME", HOME.resolve("config").toString(),
        "XDG_STATE_HOME", HOME.resolve("state").toString(),
        "XDG_DATA_HOME", HOME.resolve("data").toString()));
    private Path cwd = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    private String stdin = "";
    private boolean terminal;

    /** What one invocation did. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static Path isolatedHome() {
        try {
            Path dir = Files.createTempDirectory("mino-cli-unit");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temp folder.
        }
    }

    /** The config directory every Cli uses ({@code XDG_CONFIG_HOME/mino}). */
    public static Path configDirectory() {
        return HOME.resolve("config").resolve("mino");
    }

    public Cli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Cli cwd(Path dir) {
        this.cwd = dir;
        return this;
    }

    public Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** Pretends that stdin, stdout and stderr are terminals. */
    public Cli terminal(boolean value) {
        this.terminal = value;
        return this;
    }

    public Io io(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, env, cwd,
            terminal, terminal, terminal);
    }

    /**
     * The parse of a command line by the whole command tree, as {@link Main} would run it, for
     * tests that look at what an option set on its command.
     */
    public static ParseResult parse(String... args) {
        Arguments arguments = Arguments.split(args);
        Io io = new Cli().io(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        MinoCommand root = new MinoCommand(io, arguments);
        return Main.commandLine(root).parseArgs(arguments.options().toArray(String[]::new));
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(io(out, err), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
