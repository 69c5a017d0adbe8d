package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.MinoConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits are checked when set, read from sizes, and defaulted from the engine's host. */
class ResourceLimitsTest {
    @TempDir
    Path project;

    @Test
    void sizesAreReadInPowersOf1024() {
        assertEquals(512L << 20, ResourceLimits.parseMemory("512m"));
        assertEquals(4L << 30, ResourceLimits.parseMemory("4G"));
        assertEquals(2L << 30, ResourceLimits.parseMemory("2GiB"));
        assertEquals(1L << 40, ResourceLimits.parseMemory("1t"));
        assertEquals(123_456_789L, ResourceLimits.parseMemory("123456789"));
        assertEquals(0, ResourceLimits.parseMemory(""));
        for (String bad : new String[] {"-1g", "1.5g", "lots", "4 gigs", "99999999999999999999", "9999999999t"}) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ResourceLimits.parseMemory(bad), bad);
            assertTrue(e.hint().contains("512m") || e.hint().contains("terabytes"), e.hint());
        }
    }

    @Test
    void cpusAreDecimalNumbers() {
        assertEquals(1.5, ResourceLimits.parseCpus("1.5"));
        assertEquals(2, ResourceLimits.parseCpus(" 2 "));
        assertThrows(InvalidSpecException.class, () -> ResourceLimits.parseCpus("two"));
        assertThrows(InvalidSpecException.class, () -> ResourceLimits.parseCpus("-1"));
    }

    @Test
    void valuesBelowTheMinimumsAreRejectedWithAHint() {
        InvalidSpecException memory = assertThrows(InvalidSpecException.class,
            () -> Sandbox.builder().memoryLimit("10m"));
        assertTrue(memory.getMessage().contains("64 MiB"), memory.getMessage());
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().memoryLimit(-1));
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().cpus(0.01));
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().cpus(Double.NaN));
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().cpus(-2));
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().pidsLimit(5));
        assertThrows(InvalidSpecException.class, () -> Sandbox.builder().pidsLimit(-1));
    }

    @Test
    void aBadConfigValueNamesItsKey() {
        MinoConfig.Container d = MinoConfig.defaults().container();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> new MinoConfig.Container(d.image(),
            d.env(), d.volumes(), d.network(), d.workdir(), d.networkAllow(), d.networkPreset(), d.layers(),
            d.readOnly(), d.baseImage(), d.networkPresetHosts(), "lots", "", 0, false));
        assertTrue(e.getMessage().startsWith("container.memory: memory size 'lots'"), e.getMessage());
        e = assertThrows(InvalidSpecException.class, () -> new MinoConfig.Container(d.image(), d.env(), d.volumes(),
            d.network(), d.workdir(), d.networkAllow(), d.networkPreset(), d.layers(), d.readOnly(), d.baseImage(),
            d.networkPresetHosts(), "", "", 3, false));
        assertTrue(e.getMessage().startsWith("container.pids_limit: "), e.getMessage());
    }

    @Test
    void theBuilderCarriesTheLimitsIntoTheSpec() {
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/x").memoryLimit("2g").cpus(1.5)
            .pidsLimit(500).build();
        assertEquals(new ResourceLimits(2L << 30, 1.5, 500), spec.limits());
        assertEquals(ResourceLimits.DEFAULTS, Sandbox.builder().project(project).image("localhost/x").build().limits());
    }

    @Test
    void defaultsComeFromTheEnginesHost() {
        ResourceLimits big = ResourceLimits.DEFAULTS.withDefaults(64L << 30, 16);
        assertEquals(16L << 30, big.memoryBytes(), "half, capped at 16 GiB");
        assertEquals(12, big.cpus());
        assertEquals(4096, big.pids());
        ResourceLimits small = ResourceLimits.DEFAULTS.withDefaults(2L << 30, 2);
        assertEquals(1L << 30, small.memoryBytes());
        assertEquals(1.5, small.cpus());
        ResourceLimits one = ResourceLimits.DEFAULTS.withDefaults(0, 1);
        assertEquals(1, one.cpus(), "never below one CPU");
        assertEquals(16L << 30, one.memoryBytes(), "unknown host memory: the cap");
        assertEquals(new ResourceLimits(1L << 30, 0.5, 64), new ResourceLimits(1L << 30, 0.5, 64).withDefaults(8L << 30, 8),
            "explicit values stay");
    }
}
