package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's command runs in a session of its own (Linux: read back from /proc), so that
 * Ctrl-C at the terminal, which signals the JVM's process group, does not reach it.
 */
@Timeout(20)
class NewSessionTest {
    /** Prints its own pid, process group and session (fields 1, 5 and 6 of /proc/PID/stat), then relays stdin. */
    private static final List<String> REPORTS_ITS_GROUP = List.of("sh", "-c", "cut -d' ' -f1,5,6 /proc/$$/stat; cat");

    /** pid, process group and session of a process, from /proc. */
    private record Ids(long pid, long group, long session) {
        static Ids parse(String fields) {
            String[] f = fields.strip().split(" ");
            return new Ids(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        }

        static Ids ofThisJvm() throws IOException {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name, in parentheses, may hold spaces: count fields after its ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Ids(ProcessHandle.current().pid(), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
    }

    private static String firstLine(ProcessSocket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = socket.getInputStream().read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void theConnectionsProcessHasAProcessGroupAndSessionOfItsOwn() throws Exception {
        Prerequisites.require(Files.exists(Path.of("/proc/self/stat")), "/proc to read process groups");
        Ids jvm = Ids.ofThisJvm();
        try (ProcessSocket socket = new ProcessSocket(new EngineAddress.Stdio(REPORTS_ITS_GROUP, "test"))) {
            socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000);
            Ids child = Ids.parse(firstLine(socket));

            assertNotEquals(jvm.group(), child.group(), "process group");
            assertNotEquals(jvm.session(), child.session(), "session");
            // setsid ran the command in place: the process the socket ends is the command itself.
            assertEquals(socket.pid(), child.pid());
            assertEquals(child.pid(), child.session(), "the command leads its session");
            assertEquals(child.pid(), child.group(), "and its process group");
        }
    }

    @Test
    void perlDoesItWhereSetsidIsMissingAsOnMacOs() throws Exception {
        Prerequisites.require(Files.exists(Path.of("/proc/self/stat")), "/proc to read process groups");
        Prerequisites.requireExecutable("/usr/bin/perl", "the fallback it tests runs perl");
        List<String> prefix = NewSession.prefix(path -> path.toString().equals("/usr/bin/perl"));
        assertEquals("/usr/bin/perl", prefix.get(0));

        Ids child = Ids.parse(run(NewSession.wrap(REPORTS_ITS_GROUP, prefix, System.getenv())));

        assertNotEquals(Ids.ofThisJvm().group(), child.group());
        assertEquals(child.pid(), child.session());
    }

    @Test
    void withoutAnyWayTheCommandRunsAsBeforeInTheJvmsGroup() throws Exception {
        Prerequisites.require(Files.exists(Path.of("/proc/self/stat")), "/proc to read process groups");
        List<String> prefix = NewSession.prefix(path -> false);
        assertEquals(List.of(), prefix);
        assertEquals(REPORTS_ITS_GROUP, NewSession.wrap(REPORTS_ITS_GROUP, prefix, System.getenv()));

        Ids child = Ids.parse(run(REPORTS_ITS_GROUP));

        assertEquals(Ids.ofThisJvm().group(), child.group());
    }

    @Test
    void aProgramThatIsNotInstalledStillFailsAtOnceWithTheJdksError() {
        List<String> missing = List.of("mino-no-such-program", "system", "dial-stdio");
        assertEquals(missing, NewSession.wrap(missing, List.of("/usr/bin/setsid"), Map.of("PATH", "/usr/bin:/bin")));
        ProcessSocket socket = new ProcessSocket(new EngineAddress.Stdio(missing, "test"));
        IOException e = assertThrows(IOException.class,
            () -> socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000));
        assertTrue(e.getMessage().startsWith("cannot run 'mino-no-such-program system dial-stdio': Cannot run program "
            + "\"mino-no-such-program\""), e.getMessage());
    }

    @Test
    void findsProgramsOnPathOrByTheirPath() {
        Map<String, String> env = Map.of("PATH", "/nonexistent:/bin:/usr/bin");
        assertTrue(NewSession.findProgram("sh", env).isPresent());
        assertTrue(NewSession.findProgram("/bin/sh", Map.of()).isPresent());
        assertTrue(NewSession.findProgram("sh", Map.of("PATH", "/nonexistent")).isEmpty());
        assertTrue(NewSession.findProgram("/nonexistent/ssh", env).isEmpty());
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return out;
    }
}
