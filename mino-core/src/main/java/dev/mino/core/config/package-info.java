/**
 * Mino's configuration: the typed model ({@link dev.mino.core.config.MinoConfig}), loading the
 * global {@code config.toml} and a project's {@code .mino.toml} behind the trust gate
 * ({@link dev.mino.core.config.MinoConfig#load(dev.mino.core.config.ConfigOptions)}), editing one
 * key of one file ({@link dev.mino.core.config.ConfigEditor}) and rendering TOML
 * ({@link dev.mino.core.config.ConfigRenderer}). Nothing here prints; warnings are returned.
 */
package dev.mino.core.config;
