package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing {@code ssh://} engine addresses into the ssh command that reaches Podman there. */
class SshAddressTest {

    private static EngineAddress.Stdio ssh(String value, Map<String, String> env) {
        return assertInstanceOf(EngineAddress.Stdio.class, EngineAddress.parse(value, env));
    }

    @Test
    void userPortAndSocketPathBecomeSshArgumentsAndTheRemoteCommand() {
        EngineAddress.Stdio address = ssh("ssh://core@build.example.com:2222/run/user/1000/podman/podman.sock",
            Map.of("CONTAINER_SSHKEY", "/keys/id_ed25519"));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-p", "2222", "-i", "/keys/id_ed25519", "--",
            "core@build.example.com", "podman", "--remote", "--url", "unix:///run/user/1000/podman/podman.sock",
            "system", "dial-stdio"), address.command());
        assertEquals("ssh://core@build.example.com:2222/run/user/1000/podman/podman.sock", address.uri());
    }

    @Test
    void withoutUserPortOrPathSshAndTheRemoteUsersDefaultsApply() {
        EngineAddress.Stdio address = ssh("ssh://buildhost", Map.of());
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "--", "buildhost", "podman", "system", "dial-stdio"),
            address.command());
        assertEquals("ssh://buildhost", address.uri());
        assertEquals(address, ssh("ssh://buildhost/", Map.of()));
    }

    @Test
    void anIpv6HostIsWrittenInBracketsAndPassedWithout() {
        EngineAddress.Stdio address = ssh("ssh://me@[::1]:22/run/podman/podman.sock", Map.of());
        assertTrue(address.command().contains("me@::1"), address.command().toString());
        assertEquals("ssh://me@[::1]:22/run/podman/podman.sock", address.uri());
        EngineAddress.Stdio full = ssh("ssh://[2001:db8::7]/run/podman/podman.sock", Map.of());
        assertTrue(full.command().contains("2001:db8::7"), full.command().toString());
        assertFalse(full.command().contains("-p"), full.command().toString());
    }

    @Test
    void extraSshOptionsComeFromMinoSshOptionsAndTheKeyMayStartWithTilde() {
        EngineAddress.Stdio address = ssh("ssh://core@127.0.0.1:22/run/podman/podman.sock",
            Map.of("MINO_SSH_OPTIONS", "  -F none\t-o UserKnownHostsFile=/tmp/kh  ",
                "CONTAINER_SSHKEY", "~/.ssh/mino", "HOME", "/home/core"));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-F", "none", "-o", "UserKnownHostsFile=/tmp/kh", "-p", "22",
            "-i", "/home/core/.ssh/mino", "--", "core@127.0.0.1", "podman", "--remote", "--url",
            "unix:///run/podman/podman.sock", "system", "dial-stdio"), address.command());
    }

    @Test
    void aSocketPathWithSpacesIsQuotedForTheRemoteShell() {
        EngineAddress.Stdio address = ssh("ssh://h/run/my%20dir/it's.sock", Map.of());
        assertTrue(address.command().contains("'unix:///run/my dir/it'\\''s.sock'"), address.command().toString());
    }

    @Test
    void theUriParsesBackToTheSameAddress() {
        Map<String, String> env = Map.of("CONTAINER_SSHKEY", "/k");
        for (String value : List.of("ssh://a@b:1/c.sock", "ssh://[::1]/x", "ssh://host")) {
            EngineAddress.Stdio address = ssh(value, env);
            assertEquals(address, EngineAddress.parse(address.uri(), env));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://", "ssh:///run/podman/podman.sock", "ssh://user:secret@host/x",
        "ssh://-oProxyCommand=touch%20x@host/x", "ssh://host:0/x", "ssh://host:70000/x", "ssh://host:abc/x",
        "ssh://host/x?secure=true", "ssh://[::1/x", "ssh://[not-v6]/x", "ssh://user@-host/x", "ssh://a@b@c/x"})
    void refusesWhatSshCouldNotUseOrWouldReadAsAnOption(String value) {
        MinoException e = assertThrows(MinoException.class, () -> EngineAddress.parse(value, Map.of()));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }
}
