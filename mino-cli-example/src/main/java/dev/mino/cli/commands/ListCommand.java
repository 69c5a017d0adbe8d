package dev.mino.cli.commands;

import dev.mino.cli.EngineOption;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.SessionInfo;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mino list}: the sessions, checked against Podman (SPEC 1.6 and 16 item 14). */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "List active sessions")
public final class ListCommand implements Callable<Integer> {

    /** The output forms. */
    enum Format {
        TABLE, JSON, PLAIN
    }

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

    @Option(names = {"-a", "--all"}, description = "Also stopped and failed sessions.")
    boolean all;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", completionCandidates = FormatNames.class,
        description = "table, json or plain (default: table).")
    Format format = Format.TABLE;

    @Override
    public Integer call() {
        Io io = root.io();
        List<SessionInfo> shown = select(root.sessions(engine.engine).list(), all);
        switch (format) {
            case JSON -> io.stdout().print(SessionListing.json(shown));
            case PLAIN -> io.stdout().print(SessionListing.plain(shown));
            case TABLE -> {
                Renderer out = io.outRenderer();
                if (shown.isEmpty()) {
                    out.info("No active sessions");
                } else {
                    out.intro("Sessions");
                    io.stdout().print(SessionListing.table(shown, out));
                }
            }
        }
        io.stdout().flush();
        return 0;
    }

    /** Running and starting sessions (or all of them), newest first. */
    static List<SessionInfo> select(List<SessionInfo> sessions, boolean all) {
        return sessions.stream()
            .filter(s -> all || s.status() == SessionInfo.Status.RUNNING || s.status() == SessionInfo.Status.STARTING)
            .sorted(Comparator.comparing(SessionInfo::createdAt).reversed())
            .collect(Collectors.toList());
    }

    /** The format names as completion candidates, in lower case as they are typed. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("table", "json", "plain").iterator();
        }
    }
}
