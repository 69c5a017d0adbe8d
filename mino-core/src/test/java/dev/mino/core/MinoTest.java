package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.sandbox.WarnedOnce;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root object's builder and its closed state, without an engine. */
class MinoTest {
    @TempDir
    Path dir;

    @Test
    void theStateDirectoryDefaultsToThatOfItsOwnEnvironment() {
        Path xdg = dir.resolve("xdg-state");
        try (Mino mino = Mino.builder().environment(Map.of("XDG_STATE_HOME", xdg.toString())).build()) {
            assertEquals(xdg.resolve("mino"), mino.stateDirectory());
            assertEquals(Optional.empty(), mino.engine(), "discovered at each use");
            assertEquals(Map.of("XDG_STATE_HOME", xdg.toString()), mino.environment());
            assertEquals(SandboxListener.NONE, mino.listener());
        }
    }

    @Test
    void aGivenStateDirectoryWinsAndIsNormalized() {
        try (Mino mino = Mino.builder().stateDirectory(dir.resolve("a/../b")).build()) {
            assertEquals(dir.resolve("b"), mino.stateDirectory());
        }
    }

    @Test
    void aRelativeStateDirectoryIsRefusedAtOnce() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> Mino.builder().stateDirectory(Path.of("state")));
        assertTrue(e.getMessage().contains("relative"), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void anEngineIsCheckedWhenGiven() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Mino.builder().engine("ftp://host"));
        assertFalse(e.hint().isEmpty(), "says which forms work");
        try (Mino mino = Mino.builder().stateDirectory(dir).engine("unix:///run/user/1/podman/podman.sock").build()) {
            assertEquals(Optional.of("unix:///run/user/1/podman/podman.sock"), mino.engine());
        }
    }

    @Test
    void environmentVariablesMustBeVariables() {
        assertThrows(InvalidSpecException.class, () -> Mino.builder().environment(Map.of("A=B", "x")));
        assertThrows(InvalidSpecException.class, () -> Mino.builder().environment(Map.of("", "x")));
        assertThrows(InvalidSpecException.class, () -> Mino.builder().environment(Map.of("A", "x\0y")));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("A", null);
        assertThrows(InvalidSpecException.class, () -> Mino.builder().environment(withNull));
        assertThrows(NullPointerException.class, () -> Mino.builder().listener(null));
    }

    @Test
    void theEnvironmentIsCopied() {
        Map<String, String> variables = new HashMap<>(Map.of("CONTAINER_HOST", "unix:///a.sock"));
        try (Mino mino = Mino.builder().stateDirectory(dir).environment(variables).build()) {
            variables.put("CONTAINER_HOST", "unix:///b.sock");
            assertEquals("unix:///a.sock", mino.environment().get("CONTAINER_HOST"));
            assertThrows(UnsupportedOperationException.class, () -> mino.environment().put("X", "y"));
        }
    }

    @Test
    void aSandboxBuilderOfAMinoHasItsEngineStateDirectoryAndListener() {
        SandboxListener listener = new SandboxListener() {
        };
        try (Mino mino = Mino.builder().stateDirectory(dir.resolve("state"))
            .engine("unix:///run/user/1/podman/podman.sock").listener(listener).build()) {
            SandboxSpec spec = mino.sandbox().project(dir).image("localhost/tools:1").build();
            assertEquals(dir.resolve("state"), spec.stateDirectory());
            assertEquals("unix:///run/user/1/podman/podman.sock", spec.engine());
            SandboxSpec overridden = mino.sandbox().project(dir).image("localhost/tools:1")
                .stateDirectory(dir.resolve("other")).build();
            assertEquals(dir.resolve("other"), overridden.stateDirectory(), "the builder may set it again");
        }
    }

    /**
     * The user's layers come from the configuration directory of the Mino's environment, not the
     * process's: a layer only there is found (and the same layer name without it is not).
     */
    @Test
    void theUsersLayersAreThoseOfItsEnvironment() throws Exception {
        Path layer = dir.resolve("xdg-config/mino/layers/only-here");
        java.nio.file.Files.createDirectories(layer);
        java.nio.file.Files.writeString(layer.resolve("layer.toml"),
            "[layer]\nname = \"only-here\"\ndescription = \"a test layer\"\nversion = \"1\"\n");
        java.nio.file.Files.writeString(layer.resolve("install.sh"), "true\n");
        Path project = java.nio.file.Files.createDirectories(dir.resolve("project"));
        // No engine is there: a plan composes the layers first, and only then looks for the engine.
        String noEngine = "unix://" + dir.resolve("no-engine.sock");
        try (Mino mino = Mino.builder().stateDirectory(dir.resolve("state"))
            .environment(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg-config").toString())).build();
             Mino other = Mino.builder().stateDirectory(dir.resolve("state"))
                 .environment(Map.of("XDG_CONFIG_HOME", dir.resolve("elsewhere").toString())).build()) {
            assertThrows(PodmanConnectionException.class,
                () -> mino.sandbox().project(project).engine(noEngine).layers("only-here").plan(),
                "the layer is found, so planning goes on to the engine");
            InvalidSpecException missing = assertThrows(InvalidSpecException.class,
                () -> other.sandbox().project(project).engine(noEngine).layers("only-here").plan());
            assertTrue(missing.getMessage().contains("only-here"), missing.getMessage());
        }
    }

    @Test
    void twoMinosShareNoRuntime() {
        try (Mino a = Mino.builder().stateDirectory(dir).build(); Mino b = Mino.builder().stateDirectory(dir).build()) {
            assertNotSame(a.runtime(), b.runtime());
            assertNotSame(a.runtime().warnedOnce(), b.runtime().warnedOnce());
        }
    }

    @Test
    void aWarningOnceIsOncePerRecord() {
        List<String> heard = new ArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onWarning(String code, String message) {
                heard.add(code);
            }
        };
        WarnedOnce first = new WarnedOnce();
        assertTrue(first.tell(listener, "code.a", "engine-1", "m"));
        assertFalse(first.tell(listener, "code.a", "engine-1", "m"));
        assertTrue(first.tell(listener, "code.a", "engine-2", "m"), "another scope");
        assertTrue(new WarnedOnce().tell(listener, "code.a", "engine-1", "m"), "another Mino's record");
        assertEquals(List.of("code.a", "code.a", "code.a"), heard);
    }

    @Test
    void aClosedMinoRefusesEverythingWithAClearMessage() {
        Mino mino = Mino.builder().stateDirectory(dir).build();
        SandboxBuilder builder = mino.sandbox().project(dir).image("localhost/tools:1");
        Sessions sessions = mino.sessions();
        assertFalse(mino.isClosed());
        mino.close();
        assertTrue(mino.isClosed());
        assertDoesNotThrow(mino::close, "closing twice is fine");
        List<Supplier<Object>> uses = List.of(mino::sandbox, mino::sessions, mino::caches, mino::images,
            mino::firewallImage, mino::engineInfo, builder::start, builder::prepareImage, sessions::list,
            sessions::counts, () -> sessions.open("some-session"), () -> sessions.prune(java.time.Duration.ZERO));
        for (Supplier<Object> use : uses) {
            MinoException e = assertThrows(MinoException.class, use::get);
            assertTrue(e.getMessage().contains("Mino is closed"), e.getMessage());
            assertTrue(e.hint().contains("new Mino"), e.hint());
        }
        assertTrue(mino.toString().contains("closed"), mino.toString());
    }
}
