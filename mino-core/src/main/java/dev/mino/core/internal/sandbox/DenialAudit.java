package dev.mino.core.internal.sandbox;

import dev.mino.network.EgressEvent;

/**
 * Writes one sandbox's denials to the audit log, at most {@link #limit} of them: a sandboxed
 * command that scans ports or asks for random names must not fill the disk through the log. After
 * the limit, one line says that the rest are left out.
 */
final class DenialAudit {
    /** The limit of a sandbox's run. */
    static final int DEFAULT_LIMIT = 5000;

    private final SessionJournal journal;
    private final String session;
    private final int limit;
    private int count;

    DenialAudit(SessionJournal journal, String session, int limit) {
        this.journal = journal;
        this.session = session;
        this.limit = limit;
    }

    synchronized void record(EgressEvent event) {
        count++;
        if (count <= limit) {
            journal.egressDenied(session, event);
        } else if (count == limit + 1) {
            journal.egressAuditLimit(session, limit);
        }
    }
}
