package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in layers load from the classpath and say exactly what SPEC 7.4's table says. */
class BuiltInLayersTest {

    @Test
    void typescript() {
        Layer layer = BuiltInLayers.find("typescript").orElseThrow();
        LayerManifest m = layer.manifest();
        assertEquals(new LayerManifest.Info("typescript", "Node.js + pnpm + TypeScript toolchain", "2"), m.layer());
        assertEquals(List.of(), m.rootInstall().packages());
        assertEquals(new LayerManifest.UserInstall(Optional.of("nvm"), Optional.of("22"),
                List.of("pnpm", "tsx", "typescript", "npm-check-updates", "@biomejs/biome", "turbo", "vite"),
                List.of(), List.of()), m.userInstall());
        assertEquals(Map.of("PNPM_HOME", "/cache/pnpm", "npm_config_cache", "/cache/npm", "NODE_ENV", "development"),
                m.env().vars());
        assertEquals(List.of("/cache/pnpm", "/home/developer/.npm-global/bin"), m.env().pathPrepend());
        assertEquals(List.of("/cache/pnpm", "/cache/npm"), m.cache().paths());
        assertEquals(Optional.empty(), layer.installScript(), "comment-only script counts as none");
        assertEquals(LayerSource.BUILT_IN, layer.source());
        assertFalse(layer.needsBuild());
    }

    @Test
    void rust() {
        Layer layer = BuiltInLayers.find("rust").orElseThrow();
        LayerManifest m = layer.manifest();
        assertEquals(new LayerManifest.Info("rust", "Rust stable toolchain + cargo tools", "2"), m.layer());
        assertEquals(new LayerManifest.UserInstall(Optional.of("rustup"), Optional.of("stable"), List.of(),
                List.of("bacon", "cargo-edit", "cargo-outdated", "cargo-nextest", "sccache"), List.of()),
                m.userInstall());
        assertEquals(Map.of("CARGO_HOME", "/home/developer/.cargo", "RUSTUP_HOME", "/home/developer/.rustup",
                "RUSTC_WRAPPER", "sccache", "SCCACHE_DIR", "/cache/sccache"), m.env().vars());
        assertEquals(List.of("/home/developer/.cargo/bin"), m.env().pathPrepend());
        assertEquals(List.of("/cache/sccache"), m.cache().paths());
        assertEquals(Optional.empty(), layer.installScript());
        assertFalse(layer.needsBuild());
    }

    @Test
    void python() {
        Layer layer = BuiltInLayers.find("python").orElseThrow();
        LayerManifest m = layer.manifest();
        assertEquals(new LayerManifest.Info("python", "Python 3 + uv + ruff + pytest", "2"), m.layer());
        assertEquals(List.of("python3", "python3-devel"), m.rootInstall().packages());
        assertEquals(new LayerManifest.UserInstall(Optional.of("uv"), Optional.empty(), List.of(), List.of(),
                List.of("ruff", "pytest")), m.userInstall());
        assertEquals(Map.of("UV_CACHE_DIR", "/cache/uv", "UV_PYTHON_INSTALL_DIR", "/cache/uv/python",
                "PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1"), m.env().vars());
        assertEquals(List.of("/home/developer/.local/bin"), m.env().pathPrepend());
        assertEquals(List.of("/cache/uv"), m.cache().paths());
        String script = layer.installScript().orElseThrow();
        assertTrue(script.contains("dnf install -y --setopt=install_weak_deps=False python3 python3-devel"));
        assertTrue(script.contains("dnf clean all"));
        assertTrue(script.contains("python3 --version"));
        assertTrue(layer.needsBuild());
    }

    @Test
    void aliasesAndOrder() {
        assertEquals(List.of("typescript", "rust", "python"), BuiltInLayers.NAMES);
        assertEquals(BuiltInLayers.NAMES, BuiltInLayers.all().stream().map(Layer::name).toList());
        assertSame(BuiltInLayers.find("typescript").orElseThrow(), BuiltInLayers.find("ts").orElseThrow());
        assertEquals("typescript", BuiltInLayers.find("node").orElseThrow().name());
        assertEquals("rust", BuiltInLayers.find("cargo").orElseThrow().name());
        assertEquals("python", BuiltInLayers.find("py").orElseThrow().name());
        assertEquals(Optional.empty(), BuiltInLayers.find("go"));
        assertEquals(Optional.empty(), BuiltInLayers.canonicalName("base"));
    }

    @Test
    void onlyCommentsAndBlankLinesMeanNoScript() {
        assertTrue(BuiltInLayers.onlyComments("#!/bin/bash\n\n  # indented comment\n\t\n"));
        assertTrue(BuiltInLayers.onlyComments(""));
        assertFalse(BuiltInLayers.onlyComments("# comment\ntrue\n"));
    }
}
