package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentPeersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode info(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static UserPrincipal named(String name) {
        return () -> name;
    }

    @Test
    void aRootlessEnginesUserNamespaceAndTheJvmsUserAreAllowed() throws IOException {
        // Podman 4.3 rootless, as the test service reports it: engine uid 1001, subuids 100000-165535.
        AgentPeers peers = AgentPeers.of(info("{\"host\":{\"idMappings\":{\"uidmap\":["
            + "{\"container_id\":0,\"host_id\":1001,\"size\":1},"
            + "{\"container_id\":1,\"host_id\":100000,\"size\":65536}]}}}"), 0, dir.resolve("missing"));
        assertEquals(1001, peers.engineUid());
        for (long uid : new long[] {0, 1001, 100000, 100999, 165535}) {
            assertTrue(peers.allows(uid), "uid " + uid);
        }
        for (long uid : new long[] {1, 1000, 1002, 65534, 99999, 165536, -1}) {
            assertFalse(peers.allows(uid), "uid " + uid);
        }
    }

    @Test
    void aRootfulEngineAllowsRootAndTheAutomaticUserNamespacePoolOnly() throws IOException {
        Path subuid = Files.writeString(dir.resolve("subuid"),
            "alice:100000:65536\ncontainers:2147483647:2147483648\nbroken line\n");
        AgentPeers peers = AgentPeers.of(info("{\"host\":{\"idMappings\":{}}}"), 1000, subuid);
        assertEquals(0, peers.engineUid());
        for (long uid : new long[] {0, 1000, 2147483647L, 4294967294L}) {
            assertTrue(peers.allows(uid), "uid " + uid);
        }
        for (long uid : new long[] {1, 999, 1001, 100000, 65534, 2147483646L}) {
            assertFalse(peers.allows(uid), "uid " + uid);
        }
    }

    @Test
    void aPeersUidComesFromItsNumericNameItsPasswdEntryOrBeingTheJvmsUser() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"),
            "root:x:0:0:root:/root:/bin/bash\nminotest:x:1001:1001::/home/minotest:/bin/bash\n");
        AgentPeers peers = new AgentPeers(4242, 0, java.util.List.of());
        String own = "directory-user";
        assertEquals(OptionalLong.of(100999), peers.uidOf(named("100999"), own, passwd));
        assertEquals(OptionalLong.of(1001), peers.uidOf(named("minotest"), own, passwd));
        assertEquals(OptionalLong.of(4242), peers.uidOf(named(own), own, passwd));
        assertEquals(OptionalLong.empty(), peers.uidOf(named("stranger"), own, passwd));
        assertEquals(OptionalLong.empty(), peers.uidOf(named("99999999999999"), own, passwd));
    }

    /**
     * Red team: another local user named with digits (say {@code 100999}, a subordinate id of the
     * engine) is reported by the JDK under that name, the same as uid 100999 without an entry.
     * Taken as the number, that user would pass; the name is refused unless its entry is that uid.
     */
    @Test
    void aLocalUserNamedLikeASubordinateIdIsNotTakenForIt() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"),
            "root:x:0:0:root:/root:/bin/bash\n100999:x:1002:1002::/home/100999:/bin/sh\n"
                + "100998:x:100998:100998::/nonexistent:/bin/sh\n");
        AgentPeers peers = new AgentPeers(1001, 1001, java.util.List.of(new AgentPeers.Range(100000, 165535)));
        assertEquals(OptionalLong.empty(), peers.uidOf(named("100999"), "minotest", passwd));
        // An entry that names its own uid is no ambiguity; a number without an entry stays a number.
        assertEquals(OptionalLong.of(100998), peers.uidOf(named("100998"), "minotest", passwd));
        assertEquals(OptionalLong.of(100997), peers.uidOf(named("100997"), "minotest", passwd));
    }
}
