/**
 * Mino's files on the host: where they live ({@link dev.mino.core.internal.state.MinoPaths}),
 * one JSON record per session ({@link dev.mino.core.internal.state.SessionStore}) and the
 * JSON-lines audit log ({@link dev.mino.core.internal.state.AuditLog}).
 */
package dev.mino.core.internal.state;
