/**
 * Where an image can come from before a run or setup uses it: the engine's own store, a registry
 * that answers ({@link dev.mino.cli.images.RegistryProbe}), or the local image made from the host
 * distribution's packages for machines that reach no registry
 * ({@link dev.mino.cli.images.LocalImage}). Decisions here are made before anything is created, so
 * a missing image is an error that says what to run.
 */
package dev.mino.cli.images;
