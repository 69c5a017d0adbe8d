package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import org.junit.jupiter.api.Test;

/** {@code mino completions} (SPEC 1.13); that bash can source the script is tested against the launcher. */
class CompletionsTest {

    @Test
    void bashCompletesTheWholeTree() {
        Cli.Result result = new Cli().run("completions", "bash");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("complete -F"), "registers a completion function");
        for (String command : new String[] {"run", "exec", "list", "stop", "logs", "status", "setup", "config"}) {
            assertTrue(result.stdout().contains(command), command);
        }
        assertFalse(result.stdout().contains("cds-training"), "hidden commands stay hidden");
    }

    @Test
    void zshUsesTheBashScript() {
        assertEquals(new Cli().run("completions", "bash").stdout(), new Cli().run("completions", "zsh").stdout());
    }

    @Test
    void fishHasSubcommandsAndTheirOptions() {
        String fish = new Cli().run("completions", "fish").stdout();
        assertTrue(fish.contains("complete -c mino -f -n '__fish_use_subcommand' -a run -d 'Start a sandboxed session'"),
            fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from run' -l image -r"), fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from list' -s f -l format -r -f -a 'table json plain'"),
            fish);
        assertTrue(fish.contains("-s v -l verbose"), "global options: " + fish);
        assertFalse(fish.contains("cds-training"));
    }

    @Test
    void unknownShellIsAUsageError() {
        Cli.Result result = new Cli().run("completions", "tcsh");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("invalid value 'tcsh'"), result.stderr());
    }
}
