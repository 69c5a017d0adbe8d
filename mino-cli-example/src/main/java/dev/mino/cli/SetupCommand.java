package dev.mino.cli;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino setup}: checks what rootless Podman needs on Linux (SPEC 12.2) and, with {@code -y},
 * runs the commands that fix what is missing. It never changes anything without {@code -y}, and
 * with {@code --check} never runs anything at all. Exits 0: problems are reported, not failed on.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Interactive setup wizard - install prerequisites")
final class SetupCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Option(names = {"-y", "--yes"}, description = "Run the commands that fix what is missing.")
    boolean yes;

    @Option(names = "--check", description = "Only report what is missing; change nothing.")
    boolean check;

    @Override
    public Integer call() {
        if (!"Linux".equals(StatusCommand.platform())) {
            throw new MinoException("mino setup supports Linux only so far",
                "on macOS, install OrbStack and Podman in its VM by hand for now");
        }
        Io io = root.io();
        Renderer out = io.outRenderer();
        out.intro(check ? "Mino Setup (check only)" : "Mino Setup");
        out.section("Checking prerequisites...");
        List<SetupStep> steps = SetupStep.linux(HostFacts.probe(io.env()));
        report(steps, out);
        List<SetupStep> missing = steps.stream().filter(s -> !s.ok()).toList();
        if (missing.isEmpty()) {
            out.outroOk("Setup complete! Run 'mino run -- <command>' to start.");
            return 0;
        }
        if (check) {
            out.outroWarn(missing.size() + " issue(s) found. Run 'mino setup' to install.");
            return 0;
        }
        List<SetupStep> fixable = missing.stream().filter(s -> !s.fix().isEmpty()).toList();
        if (!yes) {
            out.section("Commands that would fix this:");
            fixable.forEach(s -> out.remark("$ " + String.join(" ", s.fix())));
            out.outroWarn(fixable.isEmpty() ? "Nothing here can fix this automatically - see above."
                : "Run 'mino setup -y' to run these commands.");
            return 0;
        }
        boolean allFixed = fixable.size() == missing.size();
        for (SetupStep step : fixable) {
            allFixed &= run(step, out);
        }
        if (allFixed) {
            out.outroOk("Setup complete! Run 'mino run -- <command>' to start.");
        } else {
            out.outroWarn("Setup incomplete - see above for details.");
        }
        return 0;
    }

    private static void report(List<SetupStep> steps, Renderer out) {
        boolean blocked = false;
        for (SetupStep step : steps) {
            if (blocked && "Podman socket".equals(step.name())) {
                out.blocked(step.name(), "Podman");
            } else if (step.ok()) {
                out.ok(step.name(), step.detail());
            } else {
                out.fail(step.name(), step.detail());
            }
            blocked |= "Podman".equals(step.name()) && !step.ok();
        }
    }

    /** Runs a fix with the user's terminal, so that sudo can ask for a password. */
    private static boolean run(SetupStep step, Renderer out) {
        out.remark("$ " + String.join(" ", step.fix()));
        try {
            int code = new ProcessBuilder(step.fix()).inheritIO().start().waitFor();
            if (code == 0) {
                out.ok(step.name() + " fixed");
                return true;
            }
            out.fail(step.name(), "the command exited with " + code);
        } catch (IOException e) {
            out.fail(step.name(), "the command could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.fail(step.name(), "interrupted");
        }
        return false;
    }
}
