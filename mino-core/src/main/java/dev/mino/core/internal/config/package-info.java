/**
 * How Mino's configuration is read, checked, merged and edited: the schema of every key, the
 * TOML reading and writing helpers, the deep merge with the file each value came from, the trust
 * analysis of local files and the line-based editor behind {@code config set}. Not public API;
 * use {@link dev.mino.core.config} instead.
 */
package dev.mino.core.internal.config;
