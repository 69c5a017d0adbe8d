package dev.mino.core.internal.orbstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for OrbStack's {@code orb} command: a shell script that records every call, keeps
 * OrbStack's and the VMs' states in files (a VM goes missing, created and stopped, running) and
 * runs commands "in the VM" on this machine as the test user, as if this machine were the VM.
 * {@code podman system dial-stdio} reaches the test Podman's socket.
 *
 * <p>Commands that would change this machine are only recorded: {@code sudo ...} (installing
 * Podman), appending to {@code /etc/subuid} and {@code podman system migrate} (which would stop
 * the test user's running containers). Flags in the state folder make steps fail or find things
 * missing, to drive each branch.
 */
public final class FakeOrb {
    /** The user the fake VM's commands run as. */
    public static final String USER = "minotest";

    private final Path state;
    private final Path executable;

    private FakeOrb(Path state, Path executable) {
        this.state = state;
        this.executable = executable;
    }

    /**
     * Writes the script into {@code dir}.
     *
     * @param podmanSocket the test user's Podman socket that dial-stdio relays to
     */
    public static FakeOrb create(Path dir, Path podmanSocket) {
        try {
            Path state = Files.createDirectories(dir.resolve("orb-state"));
            Path executable = dir.resolve("orb");
            String runtimeDir = podmanSocket.getParent().getParent().toString();
            String script = SCRIPT.replace("@STATE@", state.toString())
                .replace("@USER@", USER)
                .replace("@RUNTIME_DIR@", runtimeDir)
                .replace("@SOCKET@", podmanSocket.toString());
            Files.writeString(executable, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeOrb(state, executable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the script for tests that never reach Podman. */
    public static FakeOrb create(Path dir) {
        return create(dir, Path.of("/run/user/1001/podman/podman.sock"));
    }

    /** The script, to pass as the {@code orb} executable. */
    public Path executable() {
        return executable;
    }

    /** Every call so far, one line each, arguments joined by spaces. */
    public List<String> calls() {
        try {
            Path log = state.resolve("args.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the calls recorded so far. */
    public void clearCalls() {
        flag("args.log", null);
    }

    /** OrbStack itself running or stopped. */
    public FakeOrb orbStackRunning(boolean running) {
        flag("orbstack-running", running ? "" : null);
        return this;
    }

    /** A VM in state {@code running} or {@code stopped}, or missing for null. */
    public FakeOrb vm(String name, String vmState) {
        flag("vm-" + name, vmState == null ? null : vmState + "\n");
        return this;
    }

    /**
     * Makes a step fail with {@code stderr} as its message: {@code version}, {@code start-orbstack},
     * {@code create}, {@code start-vm}, {@code dnf}, {@code apt-get}, {@code tee} or {@code migrate}.
     */
    public FakeOrb fail(String step, String stderr) {
        return flag("fail-" + step, stderr + "\n");
    }

    /**
     * Sets ({@code on}) or clears a condition: {@code hide-podman} (Podman missing until installed),
     * {@code hide-subids} (the user missing from /etc/subuid and /etc/subgid until added),
     * {@code socket-enable-works} (systemctl --user succeeds).
     */
    public FakeOrb condition(String name, boolean on) {
        return flag(name, on ? "" : null);
    }

    private FakeOrb flag(String name, String content) {
        try {
            Path file = state.resolve(name);
            if (content == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, content, StandardCharsets.UTF_8);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SCRIPT = """
        #!/bin/bash
        # A stand-in for OrbStack's orb command, written by mino's tests (FakeOrb.java).
        state='@STATE@'
        printf '%s\\n' "$*" >> "$state/args.log"
        failing() { # step: exit 1 with the flag file's text on stderr when the step is set to fail
          if [ -f "$state/fail-$1" ]; then cat "$state/fail-$1" >&2; exit 1; fi
        }
        vm_state() { cat "$state/vm-$1" 2>/dev/null || echo missing; }
        as_user() {
          exec runuser -u '@USER@' -- env -i HOME=/home/'@USER@' USER='@USER@' \\
            PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin XDG_RUNTIME_DIR='@RUNTIME_DIR@' "$@"
        }
        case "$1" in
          version)
            failing version
            echo 'Version: 1.9.2 (1090200)'
            echo 'Commit: 0000000000000000000000000000000000000000 (v1.9.2)'
            exit 0 ;;
          status)
            if [ -f "$state/orbstack-running" ]; then echo Running; exit 0; fi
            echo Stopped; exit 1 ;;
          start)
            if [ $# -eq 1 ]; then failing start-orbstack; touch "$state/orbstack-running"; exit 0; fi
            [ "$(vm_state "$2")" != missing ] || { echo "machine not found: $2" >&2; exit 1; }
            failing start-vm
            echo running > "$state/vm-$2"; exit 0 ;;
          list)
            for f in "$state"/vm-*; do
              [ -e "$f" ] || continue
              name=${f##*/vm-}
              if [ "$2" = -q ]; then echo "$name"; else printf '%s\\t%s\\n' "$name" "$(cat "$f")"; fi
            done
            exit 0 ;;
          create)
            failing create
            echo stopped > "$state/vm-$3"; exit 0 ;;
          -m)
            vm=$2; shift 2
            if [ "$1" = -u ]; then shift 2; fi
            [ "$(vm_state "$vm")" = running ] || { echo "machine '$vm' is not running" >&2; exit 1; }
            if [ "$*" = 'podman system dial-stdio' ]; then
              exec runuser -u '@USER@' -- env HOME=/home/'@USER@' XDG_RUNTIME_DIR='@RUNTIME_DIR@' \\
                podman --remote --url 'unix://@SOCKET@' system dial-stdio
            fi
            case "$1 $2" in
              'which podman')
                if [ -f "$state/hide-podman" ] && [ ! -f "$state/installed-podman" ]; then exit 1; fi ;;
              'sudo dnf'|'sudo apt-get')
                failing "$2"
                [ "$3" != install ] || touch "$state/installed-podman"
                exit 0 ;;
              'grep -q')
                if [ -f "$state/hide-subids" ] && [ ! -f "$state/added-${4##*/}" ]; then exit 1; fi ;;
              'sh -c')
                failing tee
                case "$3" in
                  *'tee -a /etc/subuid') touch "$state/added-subuid" ;;
                  *'tee -a /etc/subgid') touch "$state/added-subgid" ;;
                esac
                exit 0 ;;
              'podman system')
                if [ "$3" = migrate ]; then failing migrate; exit 0; fi ;;
              'systemctl --user')
                [ -f "$state/socket-enable-works" ] && exit 0
                echo 'Failed to connect to bus: No medium found' >&2; exit 1 ;;
            esac
            as_user "$@" ;;
          *)
            echo "fake orb: unknown command $1" >&2; exit 2 ;;
        esac
        """;
}
