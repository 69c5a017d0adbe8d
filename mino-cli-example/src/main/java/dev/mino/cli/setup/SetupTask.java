package dev.mino.cli.setup;

import dev.mino.cli.terminal.Renderer;
import java.util.List;

/**
 * One prerequisite of {@code mino setup}: a check that never changes anything, and a fix that
 * makes the prerequisite hold. Tasks run in order; one whose predecessor does not hold is not
 * tried (SPEC 12.2).
 */
interface SetupTask {

    /** What it is, for example "Podman service". */
    String name();

    /** Looks at the host; never changes anything. */
    Check check();

    /**
     * Makes the prerequisite hold, showing what it does on {@code out}; called only after
     * {@link #check()} found it missing and offered a fix.
     *
     * @return true when it now holds
     */
    boolean fix(Check found, Renderer out);

    /**
     * What a check found.
     *
     * @param ok whether the prerequisite holds
     * @param detail what was found, or what is missing
     * @param question the confirmation mino asks before fixing it itself; null when mino cannot
     * @param manual commands the user can run to fix it, for when mino does not (may be empty)
     */
    record Check(boolean ok, String detail, String question, List<String> manual) {
        public Check {
            manual = List.copyOf(manual);
        }

        static Check ok(String detail) {
            return new Check(true, detail, null, List.of());
        }

        /** Missing, and mino can fix it after asking {@code question}. */
        static Check fixable(String detail, String question, List<String> manual) {
            return new Check(false, detail, question, manual);
        }

        /** Missing, and only the user can fix it, with these commands. */
        static Check manual(String detail, List<String> commands) {
            return new Check(false, detail, null, commands);
        }

        boolean canFix() {
            return question != null;
        }
    }
}
