/** Telling a {@link dev.mino.core.SandboxListener} typed events: timed steps, build lines. Internal. */
package dev.mino.core.internal.events;
