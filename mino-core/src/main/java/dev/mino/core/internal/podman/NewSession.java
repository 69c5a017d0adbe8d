package dev.mino.core.internal.podman;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Starts a connection's command ({@code ssh}, {@code orb}) in a session of its own, so that it is
 * not in the terminal's foreground process group: Ctrl-C in a terminal signals that whole group,
 * and would end every pooled connection while the JVM still needs them to remove its containers.
 * The process still ends with its connection ({@link ProcessSocket#close()} signals it), and when
 * the JVM dies its stdin closes.
 *
 * <p>{@code setsid} (util-linux, on every Linux) where it is installed; else Perl's
 * {@code POSIX::setsid}, since macOS ships Perl but no {@code setsid}; else nothing, and the command
 * shares the JVM's process group as before. Both {@code exec} the command in place (the process
 * the JVM started is not a group leader, so {@code setsid} need not fork), which keeps its pid,
 * exit status and pipes those of the command.
 */
final class NewSession {
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"),
        Path.of("/usr/local/bin/setsid"), Path.of("/opt/homebrew/opt/util-linux/bin/setsid"));
    private static final Path PERL = Path.of("/usr/bin/perl");
    private static final String PERL_SCRIPT =
        "use POSIX (); POSIX::setsid(); exec { $ARGV[0] } @ARGV or die \"cannot run $ARGV[0]: $!\\n\"";
    private static final List<String> PREFIX = prefix(Files::isExecutable);

    private NewSession() {
    }

    /**
     * {@code command} wrapped to run in a new session, when its program can be found: otherwise
     * unchanged, so that starting it fails at once with the JDK's own "Cannot run program" error
     * rather than later with the wrapper's.
     */
    static List<String> wrap(List<String> command) {
        return wrap(command, PREFIX, System.getenv());
    }

    static List<String> wrap(List<String> command, List<String> prefix, Map<String, String> environment) {
        if (prefix.isEmpty() || findProgram(command.get(0), environment).isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(prefix);
        wrapped.addAll(command);
        return wrapped;
    }

    /** The words that start a command in a new session, or none where no way is installed. */
    static List<String> prefix(Predicate<Path> executable) {
        for (Path setsid : SETSID) {
            if (executable.test(setsid)) {
                return List.of(setsid.toString());
            }
        }
        if (executable.test(PERL)) {
            // "--" ends perl's options; the script's arguments are the command.
            return List.of(PERL.toString(), "-e", PERL_SCRIPT, "--");
        }
        return List.of();
    }

    /** Where {@code program} is, looked up on {@code PATH} as the JDK would when it has no '/'. */
    static Optional<Path> findProgram(String program, Map<String, String> environment) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
