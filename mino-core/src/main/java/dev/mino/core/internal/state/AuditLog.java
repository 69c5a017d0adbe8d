package dev.mino.core.internal.state;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The append-only audit log, {@code <state>/audit.log}: one JSON object per line,
 * {@code {"data":{...},"event":"...","timestamp":"..."}}, keys sorted alphabetically at every
 * level, the timestamp in UTC with {@code +00:00} and sub-second digits.
 *
 * <p>Writing never fails the caller: any problem is logged as a warning
 * ({@code Failed to write audit log: ...}) and the event is dropped. Lines from concurrent threads
 * never interleave. The file (0600) and its missing parent directories (0700) are created on the
 * first event.
 *
 * <p><b>Never put secret values in the data</b> (tokens, keys, passwords, credential environment
 * values): the log is kept indefinitely and is meant to be read. Record which providers were
 * used, not what they returned. The log does not filter; keeping secrets out is the caller's duty.
 */
public final class AuditLog {

    /** A session file was created; data: command, home_volume, image, name, network, project_dir. */
    public static final String SESSION_CREATED = "session.created";
    /** At least one credential provider was injected; data: providers, session_name. */
    public static final String CREDENTIALS_INJECTED = "credentials.injected";
    /** The container id was recorded; data: container_id, name. */
    public static final String SESSION_STARTED = "session.started";
    /** An attached run finished; data: exit_code, name. */
    public static final String SESSION_STOPPED = "session.stopped";
    /** Creating, running or starting the container failed; data: error, name. */
    public static final String SESSION_FAILED = "session.failed";
    /**
     * The egress guard of an allowlisted sandbox refused a name or blocked a connection; data:
     * kind ({@code name}, {@code connection} or {@code suppressed}), session_name, and for a name: name, query_type;
     * for a connection: destination (the address), port, protocol; for denials the guard left
     * unreported (it reports at most 100 every 10 s): count.
     */
    public static final String NETWORK_DENIED = "network.denied";
    /**
     * A destination was opened while an allowlisted sandbox runs; data: by (who asked:
     * {@code embedding program}), destination (the rule, {@code host:port}), kind ({@code rule}),
     * session_name.
     */
    public static final String NETWORK_ALLOWED = "network.allowed";
    /** A sandbox's denials beyond a limit are left out of the log; data: limit, session_name. */
    public static final String NETWORK_DENIALS_LIMITED = "network.denials_limited";
    /**
     * The firewall of an allowlisted sandbox stopped while the sandbox was open (the sandbox has no
     * network from then on); data: exit_code (null when unknown), session_name.
     */
    public static final String NETWORK_FIREWALL_STOPPED = "network.firewall_stopped";
    /**
     * mino's credential proxy put a real credential into a request of a sandbox that holds
     * placeholders (not in mino 1.6.0): provider, host, method and path, never a value or a query.
     */
    public static final String CREDENTIALS_USED = "credentials.used";

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();

    private final Path path;
    private final boolean enabled;
    private final Clock clock;

    /**
     * @param path the log file
     * @param enabled false to drop every event without touching the file system
     */
    public AuditLog(Path path, boolean enabled) {
        this(path, enabled, Clock.systemUTC());
    }

    /**
     * @param path the log file
     * @param enabled false to drop every event without touching the file system
     * @param clock the source of the events' timestamps
     */
    public AuditLog(Path path, boolean enabled, Clock clock) {
        this.path = Objects.requireNonNull(path, "path");
        this.enabled = enabled;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The log at {@link MinoPaths#auditLog()}. */
    public static AuditLog at(MinoPaths paths, boolean enabled) {
        return new AuditLog(paths.auditLog(), enabled);
    }

    /** The log file. */
    public Path path() {
        return path;
    }

    /** Whether events are written. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Appends one event, unless the log is disabled. Never throws; failures are logged.
     *
     * @param event the event name, for example {@link #SESSION_CREATED}
     * @param data the event's details: strings, numbers, booleans, null, lists and maps of those;
     *     never secret values
     */
    public void record(String event, Map<String, ?> data) {
        if (!enabled) {
            return;
        }
        try {
            if (event == null) {
                throw new IllegalArgumentException("the event name is null");
            }
            Map<String, Object> line = new TreeMap<>();
            line.put("data", data == null ? Map.of() : data);
            line.put("event", event);
            line.put("timestamp", Timestamps.formatWithOffset(clock.instant()));
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            write(bytes);
        } catch (Exception e) {
            // Auditing must never break the run it describes, whatever went wrong.
            LOG.log(System.Logger.Level.WARNING, "Failed to write audit log: {0}", e.toString());
        }
    }

    // One lock per log, and one append per line: O_APPEND keeps even other processes' lines whole.
    private synchronized void write(byte[] line) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.createDirectoriesIfMissing(parent);
        }
        PrivateFiles.append(path, line);
    }
}
