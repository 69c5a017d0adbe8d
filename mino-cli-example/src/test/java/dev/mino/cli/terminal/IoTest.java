package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.cli.ErrorReport;
import dev.mino.cli.Logging;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Interactivity (SPEC 0.4), terminal detection, colour choice and log levels. */
class IoTest {

    private static Io io(Cli cli) {
        return cli.io(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    @Test
    void interactiveNeedsTerminalsAndNoCi() {
        assertTrue(io(new Cli().terminal(true)).interactive());
        assertFalse(io(new Cli().terminal(false)).interactive());
        for (String variable : List.of("CI", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL",
            "BUILDKITE", "TEAMCITY_VERSION", "TF_BUILD")) {
            assertFalse(io(new Cli().terminal(true).env(variable, "")).interactive(),
                variable + " set, even empty, means not interactive");
        }
    }

    @Test
    void colourFollowsTheTerminalAndNoColor() {
        assertTrue(io(new Cli().terminal(true)).errRenderer().colour());
        assertFalse(io(new Cli().terminal(false)).errRenderer().colour());
        assertFalse(io(new Cli().terminal(true).env("NO_COLOR", "1")).errRenderer().colour());
        assertFalse(io(new Cli().terminal(true).env("TERM", "dumb")).outRenderer().colour());
    }

    @Test
    void terminalDevices() {
        assertTrue(Terminals.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminals.isTerminalDevice("/dev/tty1"));
        assertFalse(Terminals.isTerminalDevice("pipe:[12345]"));
        assertFalse(Terminals.isTerminalDevice("/dev/null"));
        assertFalse(Terminals.isTerminalDevice("/tmp/out.txt"));
    }

    @Test
    void verbosityMapsToLogLevels() {
        assertEquals(Level.WARNING, Logging.levelFor(0));
        assertEquals(Level.INFO, Logging.levelFor(1));
        assertEquals(Level.ALL, Logging.levelFor(2));
        assertEquals(Level.ALL, Logging.levelFor(5));
        assertEquals("WARN", Logging.label(Level.WARNING));
        assertEquals("ERROR", Logging.label(Level.SEVERE));
        assertEquals("INFO", Logging.label(Level.INFO));
        assertEquals("DEBUG", Logging.label(Level.FINE));
        assertEquals("TRACE", Logging.label(Level.FINEST));
    }

    @Test
    void libraryLogsGoToStderrAtTheRequestedLevel() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.PrintStream stream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        Logging.configure(1, stream);
        System.Logger log = System.getLogger("dev.mino.core.Example");
        log.log(System.Logger.Level.INFO, "shown at -v");
        log.log(System.Logger.Level.DEBUG, "hidden at -v");
        Logging.configure(0, stream);
        log.log(System.Logger.Level.INFO, "hidden by default");
        log.log(System.Logger.Level.WARNING, "always shown");
        assertEquals(" INFO shown at -v\n WARN always shown\n", err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anErrorAfterAProgressLineStartsOnItsOwnLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Cli().terminal(true).env("TERM", "dumb").io(new ByteArrayOutputStream(), err);
        ProgressListener listener = new ProgressListener(io, 0);
        listener.onProgress("Creating container mino-x");
        ErrorReport.report(new dev.mino.core.MinoException("create container failed", "try again"), io.errRenderer());
        io.flush();
        assertEquals("\r\u001b[K... Creating container mino-x\nError: create container failed\nHint: try again\n",
            err.toString(java.nio.charset.StandardCharsets.UTF_8), "the progress line is ended, its text kept");
    }

    @Test
    void aProgressLineErasedLeavesNoEmptyLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Cli().terminal(true).env("TERM", "dumb").io(new ByteArrayOutputStream(), err);
        ProgressListener listener = new ProgressListener(io, 0);
        listener.onProgress("Starting container mino-x");
        listener.clear();
        listener.clear();
        io.errRenderer().warn("after");
        io.flush();
        assertEquals("\r\u001b[K... Starting container mino-x\r\u001b[K  ! after\n",
            err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
