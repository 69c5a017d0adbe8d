package dev.mino.cli.commands;

import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Io;
import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mino init}: writes a commented {@code .mino.toml} template into a project (SPEC 1.5). */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Initialize a project-local .mino.toml config")
public final class InitCommand implements Callable<Integer> {
    static final String FILE_NAME = ".mino.toml";

    /** Every setting commented out: the file changes nothing until the user says what. */
    static final String TEMPLATE = String.join("\n",
        "# Mino project configuration",
        "# Settings here take precedence over the global config (~/.config/mino/config.toml).",
        "# Documentation: https://github.com/dean0x/mino",
        "",
        "[container]",
        "# image = \"typescript\"",
        "# layers = [\"rust\", \"typescript\"]",
        "# network = \"host\"  # host, none, bridge",
        "# network_allow = [\"github.com:443\"] # implies bridge + iptables",
        "# workdir = \"/workspace\"",
        "",
        "# [credentials.aws]",
        "# enabled = true",
        "# region = \"us-west-2\"",
        "# profile = \"default\"",
        "",
        "# [credentials.gcp]",
        "# enabled = true",
        "# project = \"my-project\"",
        "",
        "# [credentials.azure]",
        "# enabled = true",
        "",
        "[session]",
        "# shell = \"/bin/zsh\"",
        "");

    @ParentCommand
    MinoCommand root;

    @Option(names = {"-f", "--force"}, description = "Overwrite an existing .mino.toml.")
    boolean force;

    @Option(names = {"-p", "--path"}, paramLabel = "DIR", description = "Project directory (default: the current one).")
    Path path;

    @Override
    public Integer call() {
        Io io = root.io();
        Path dir = path == null ? io.cwd() : io.cwd().resolve(path).normalize();
        Path file = dir.resolve(FILE_NAME);
        if (Files.exists(file) && !force) {
            throw new MinoException(file + " already exists. Use --force to overwrite.", "");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, TEMPLATE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MinoException("IO error: writing " + file + ": " + e.getMessage(),
                "check that the directory can be written");
        }
        io.outRenderer().ok("Created project config", file.toString());
        return 0;
    }
}
