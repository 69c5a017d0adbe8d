package dev.mino.network;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the egress guard of an allowlisted sandbox reports while the sandbox runs: a name its
 * resolver refused, a connection its firewall blocked, a count of denials left unreported, or a
 * destination opened while the sandbox runs. Names and addresses are as the sandbox sent them, so show them through an escaping
 * renderer: a name can hold any byte a DNS query can carry (the guard writes bytes outside
 * {@code [A-Za-z0-9._*-]} as {@code \ddd}).
 */
public sealed interface EgressEvent permits EgressEvent.NameRefused, EgressEvent.ConnectionBlocked,
    EgressEvent.DenialsSuppressed, EgressEvent.DestinationAllowed {

    /**
     * When the guard saw it.
     *
     * @return the time, to the millisecond
     */
    Instant time();

    /**
     * Whether this is a denial (a refused name or a blocked connection).
     *
     * @return true for a denial
     */
    default boolean denied() {
        return !(this instanceof DestinationAllowed);
    }

    /**
     * One line for a person, such as {@code blocked tcp 10.0.0.7:8080}.
     *
     * @return the description
     */
    String describe();

    /**
     * The resolver refused a name outside the allowlist, without asking any other server.
     *
     * @param time when
     * @param name the name asked for, without a final dot, in lower case
     * @param queryType the query type, such as {@code A}, {@code AAAA}, {@code TXT} or {@code TYPE65}
     */
    record NameRefused(Instant time, String name, String queryType) implements EgressEvent {
        /** Checks that no part is missing. */
        public NameRefused {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(queryType, "queryType");
        }

        @Override
        public String describe() {
            return "refused name " + name + " (" + queryType + ")";
        }
    }

    /**
     * The firewall blocked a packet that opens a connection (or a UDP datagram) to a destination
     * outside the allowlist. Repeats to the same destination within a few seconds are reported once.
     *
     * @param time when
     * @param protocol {@code tcp}, {@code udp}, {@code icmp} or another protocol's number
     * @param address the destination address (IPv4 dotted, IPv6 compressed)
     * @param port the destination port, 0 when the protocol has none
     */
    record ConnectionBlocked(Instant time, String protocol, String address, int port) implements EgressEvent {
        /** Checks that no part is missing. */
        public ConnectionBlocked {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
        }

        /**
         * The destination as {@code address:port}, with brackets around an IPv6 address.
         *
         * @return the destination
         */
        public String destination() {
            String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            return port == 0 ? host : host + ":" + port;
        }

        @Override
        public String describe() {
            return "blocked " + protocol + " " + destination();
        }
    }

    /**
     * More denials happened than the guard reports (at most 100 lines every 10 s, so a sandbox
     * cannot fill the disk through the firewall's log): this many were left out. They were still
     * blocked.
     *
     * @param time when the guard counted them
     * @param count how many were left out
     */
    record DenialsSuppressed(Instant time, int count) implements EgressEvent {
        /** Checks that no part is missing. */
        public DenialsSuppressed {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public String describe() {
            return count + " more denials not reported";
        }
    }

    /**
     * A destination was opened while the sandbox runs (an "allow once" of the embedding program).
     *
     * @param time when the guard put it in place
     * @param rule the rule now allowed
     */
    record DestinationAllowed(Instant time, NetworkRule rule) implements EgressEvent {
        /** Checks that no part is missing. */
        public DestinationAllowed {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public String describe() {
            return "allowed " + rule;
        }
    }
}
