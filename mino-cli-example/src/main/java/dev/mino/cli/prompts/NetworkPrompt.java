package dev.mino.cli.prompts;

import dev.mino.cli.CommaList;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.LoadedConfig;
import dev.mino.network.NetworkPolicy;
import java.util.Arrays;
import java.util.List;

/**
 * The network question of {@code run} (SPEC 1.3.3): when it is asked, its options, and what an
 * answer sets and saves.
 *
 * <p>Unlike mino 1.6.0, which asks whenever the settings equal the defaults (so a saved "Bridge"
 * is asked again on every run), it is asked only when no option chooses the network and no
 * configuration file in use sets any network key: a key written down, even with the default
 * value, is an answer (SPEC 16 item 8).
 */
public final class NetworkPrompt {
    static final String TITLE = "Select network mode";
    static final String SAVE_TITLE = "Save this network setting?";

    /** The keys that, set in a file in use, answer the question. */
    static final List<String> KEYS = List.of("container.network", "container.network_allow",
        "container.network_preset");

    /** The options, in menu order, with the key and value each saves. */
    public enum Answer {
        BRIDGE("Bridge (recommended)", "full internet, isolated from host services", "container.network", "bridge"),
        HOST("Host", "full host network (local databases, APIs)", "container.network", "host"),
        DEV("Allowlist: dev", "GitHub, npm, Rust crates, PyPI, AI APIs only", "container.network_preset", "dev"),
        REGISTRIES("Allowlist: registries", "package registries only (most restrictive)",
            "container.network_preset", "registries"),
        NONE("None", "no network (air-gapped)", "container.network", "none");

        final Choice choice;
        final String key;
        final String value;

        Answer(String label, String hint, String key, String value) {
            this.choice = new Choice(label, hint);
            this.key = key;
            this.value = value;
        }

        /** Sets the answer on the builder as an explicit choice, as the matching option would. */
        public void applyTo(SandboxBuilder builder) {
            switch (this) {
                case HOST -> builder.network(NetworkPolicy.host());
                case NONE -> builder.network(NetworkPolicy.none());
                case DEV, REGISTRIES -> builder.networkPreset(value);
                default -> builder.network(NetworkPolicy.bridge());
            }
        }

        /** Whether the answer is an allowlist preset, for which the user's registries are read. */
        public boolean preset() {
            return key.equals("container.network_preset");
        }
    }

    private NetworkPrompt() {
    }

    /**
     * @param loaded the configuration in use
     * @param cliMode {@code --network}, or null
     * @param cliAllow {@code --network-allow} values as given
     * @param cliPreset {@code --network-preset}, or null
     * @return whether to ask, given that someone is at a terminal
     */
    public static boolean applies(LoadedConfig loaded, String cliMode, List<String> cliAllow, String cliPreset) {
        return cliMode == null && CommaList.parse(cliAllow).isEmpty() && cliPreset == null
            && KEYS.stream().noneMatch(loaded::isSet);
    }

    static List<Choice> choices() {
        return Arrays.stream(Answer.values()).map(a -> a.choice).toList();
    }
}
