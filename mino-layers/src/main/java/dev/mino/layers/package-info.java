/**
 * Toolchain layers: {@code layer.toml} manifests, where layers are found (project, user,
 * built-in) and the content-addressed plan that composes them onto a base image.
 */
package dev.mino.layers;
