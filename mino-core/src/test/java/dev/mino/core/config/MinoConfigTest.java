package dev.mino.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mino.core.InvalidSpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MinoConfigTest {

    @Test
    void defaultsMatchTheDocumentation() {
        MinoConfig d = MinoConfig.defaults();

        assertEquals(new MinoConfig.General(false, "text", true, true), d.general());
        assertEquals(new MinoConfig.Vm("mino", "fedora"), d.vm());
        MinoConfig.Container c = d.container();
        assertEquals("fedora:43", c.image());
        assertEquals(Map.of(), c.env());
        assertEquals(List.of(), c.volumes());
        assertEquals("bridge", c.network());
        assertEquals("/workspace", c.workdir());
        assertEquals(List.of(), c.networkAllow());
        assertEquals(Optional.empty(), c.networkPreset());
        assertEquals(List.of(), c.layers());
        assertEquals(false, c.readOnly());
        assertEquals("ghcr.io/dean0x/mino-base:latest", c.baseImage());
        assertEquals(new MinoConfig.Aws(false, 3600, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()), d.credentials().aws());
        assertEquals(new MinoConfig.Gcp(false, Optional.empty(), Optional.empty()), d.credentials().gcp());
        assertEquals(new MinoConfig.Azure(false, Optional.empty(), Optional.empty()), d.credentials().azure());
        assertEquals(new MinoConfig.Github("github.com"), d.credentials().github());
        assertEquals(new MinoConfig.Session("/bin/bash", 720), d.session());
        assertEquals(new MinoConfig.Cache(true, 30, 50), d.cache());
        assertEquals(new MinoConfig.Home(true), d.home());
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        List<String> volumes = new ArrayList<>(List.of("/a:/a"));
        Map<String, String> env = new HashMap<>(Map.of("B", "2", "A", "1"));
        MinoConfig.Container c = new MinoConfig.Container("i", env, volumes, "bridge", "/w", List.of(),
            Optional.empty(), List.of(), false, "b");
        volumes.add("/b:/b");
        env.put("C", "3");

        assertEquals(List.of("/a:/a"), c.volumes());
        assertEquals(List.of("A", "B"), List.copyOf(c.env().keySet()), "sorted by name");
        assertThrows(UnsupportedOperationException.class, () -> c.volumes().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> c.env().put("x", "y"));
    }

    @Test
    void wholeNumbersStayWithinU32() {
        assertThrows(InvalidSpecException.class, () -> new MinoConfig.Cache(true, -1, 0));
        assertThrows(InvalidSpecException.class, () -> new MinoConfig.Session("/bin/sh", 4294967296L));
        assertEquals(4294967295L, new MinoConfig.Cache(true, 0, 4294967295L).maxTotalGb());
    }

    @Test
    void withersReplaceOneSection() {
        MinoConfig changed = MinoConfig.defaults().withHome(new MinoConfig.Home(false));

        assertEquals(false, changed.home().enabled());
        assertEquals(MinoConfig.defaults().cache(), changed.cache());
    }
}
