package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host uids that may talk to the SSH agent relay: the JVM's own, and those the engine runs
 * sandboxes as. The kernel reports a peer's uid as seen from the JVM's user namespace, so a
 * process inside a rootless sandbox shows up as the uid its own is mapped to: container root as
 * the engine's user, any other user as one of that user's subordinate ids. Those host uids are
 * the engine's user namespace, and Podman reports it ({@code host.idMappings.uidmap} of
 * {@code /info}); it is used as reported, so that a JVM running as another user than the engine
 * (CI running as root beside a rootless service user) allows the engine's ids, not its own
 * subordinate ids. A rootful engine runs as root and reports no mapping: its sandboxes are root
 * or ids from the pool {@code userns=auto} takes ({@code /etc/subuid} of the {@code containers}
 * user). A rootful sandbox without a user namespace runs as host uids that may be real local
 * users, so only its root is let in. Every other local user is refused.
 */
final class AgentPeers {
    /** The user whose subordinate ids Podman's {@code userns=auto} hands out by default. */
    static final String AUTO_USERNS_USER = "containers";

    private final long ownUid;
    private final long engineUid;
    private final List<Range> ranges;

    /** An inclusive range of host uids. */
    record Range(long first, long last) {
        boolean contains(long uid) {
            return uid >= first && uid <= last;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + "-" + last;
        }
    }

    AgentPeers(long ownUid, long engineUid, List<Range> ranges) {
        this.ownUid = ownUid;
        this.engineUid = engineUid;
        this.ranges = List.copyOf(ranges);
    }

    /**
     * The peers for an engine that answered {@code info}, for a JVM running as {@code ownUid},
     * with {@code subuidFile} ({@code /etc/subuid}) for rootful engines.
     */
    static AgentPeers of(JsonNode info, long ownUid, Path subuidFile) {
        List<Range> ranges = new ArrayList<>();
        long engineUid = 0;
        for (JsonNode entry : info.path("host").path("idMappings").path("uidmap")) {
            long host = entry.path("host_id").asLong(-1);
            long size = entry.path("size").asLong(0);
            if (host >= 0 && size > 0) {
                ranges.add(new Range(host, host + size - 1));
                if (entry.path("container_id").asLong(-1) == 0) {
                    engineUid = host;
                }
            }
        }
        if (ranges.isEmpty()) {
            // Rootful (or an engine that does not say): root, and the pool userns=auto maps from.
            ranges.add(new Range(0, 0));
            ranges.addAll(subordinateRanges(subuidFile, Set.of(AUTO_USERNS_USER)));
        }
        return new AgentPeers(ownUid, engineUid, ranges);
    }

    /** The engine's own uid: the host id its user namespace maps root to, or 0 for a rootful engine. */
    long engineUid() {
        return engineUid;
    }

    /** True when the peer with this uid may use the relay. */
    boolean allows(long uid) {
        return uid >= 0 && (uid == ownUid || ranges.stream().anyMatch(range -> range.contains(uid)));
    }

    /**
     * The numeric uid of a peer principal: the JDK names it by its passwd entry, or by the number
     * when it has none (subordinate ids usually have none). A name is resolved from
     * {@code passwdFile}, or (a user only a directory service knows) by being the JVM's own user
     * {@code ownName}; empty when it cannot be, and such a peer is refused.
     *
     * <p>A name of digits is ambiguous when a local user is called that: the JDK gives the same
     * name to that user's uid and to the uid of the number (one without an entry), so a user
     * named {@code 100999} would pass as subordinate id 100999. Unless the entry says that very
     * uid, such a peer is refused.
     */
    OptionalLong uidOf(UserPrincipal peer, String ownName, Path passwdFile) {
        String name = peer.getName();
        OptionalLong entry = passwdUid(name, passwdFile);
        if (isNumber(name)) {
            long number = Long.parseLong(name);
            return entry.isEmpty() || entry.getAsLong() == number ? OptionalLong.of(number) : OptionalLong.empty();
        }
        if (name.equals(ownName)) {
            return OptionalLong.of(ownUid);
        }
        return entry;
    }

    /** The uid of the first entry of {@code passwdFile} named {@code name}. */
    private static OptionalLong passwdUid(String name, Path passwdFile) {
        for (String line : lines(passwdFile)) {
            String[] fields = line.split(":", -1);
            if (fields.length > 2 && fields[0].equals(name) && isNumber(fields[2])) {
                return OptionalLong.of(Long.parseLong(fields[2]));
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "uid " + ownUid + " and " + ranges.stream().map(Range::toString).collect(Collectors.joining(", "));
    }

    /** The ranges {@code subuidFile} gives any of {@code users} (named, as Podman looks them up). */
    static List<Range> subordinateRanges(Path subuidFile, Set<String> users) {
        List<Range> ranges = new ArrayList<>();
        for (String line : lines(subuidFile)) {
            String[] fields = line.trim().split(":");
            if (fields.length == 3 && users.contains(fields[0]) && isNumber(fields[1]) && isNumber(fields[2])) {
                long first = Long.parseLong(fields[1]);
                long count = Long.parseLong(fields[2]);
                if (count > 0) {
                    ranges.add(new Range(first, first + count - 1));
                }
            }
        }
        return ranges;
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.length() < 11 && text.chars().allMatch(Character::isDigit);
    }

    private static List<String> lines(Path file) {
        try {
            // Both files are a few lines on any host; a huge one is not one of them.
            return Files.size(file) > 4 * 1024 * 1024 ? List.of() : Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
