package dev.mino.network;

/**
 * Stable codes of the network settings that cannot be used ({@link NetworkPolicyException#code()})
 * and of the warnings a resolution carries ({@link NetworkResolution#warningCodes()}). A code names
 * the kind of problem and never changes, while its text may be reworded: the texts of this module
 * name settings in plain words, and a command line maps the codes to texts that name its flags.
 */
public final class NetworkCodes {
    /** The mode asked for explicitly is {@code none}, yet an allowlist was given explicitly too. */
    public static final String NONE_WITH_ALLOWLIST = "network.none-with-allowlist";
    /** The mode asked for explicitly is {@code none}, yet a preset was chosen explicitly too. */
    public static final String NONE_WITH_PRESET = "network.none-with-preset";
    /** The configuration's {@code network = "none"} comes with {@code network_allow} or {@code network_preset}. */
    public static final String CONFIG_CONFLICT = "network.config-conflict";
    /** A network mode other than {@code host}, {@code none} and {@code bridge}. */
    public static final String UNKNOWN_MODE = "network.unknown-mode";
    /** A preset name that no preset has. */
    public static final String UNKNOWN_PRESET = "network.unknown-preset";
    /** Warning: the mode {@code host} asked for explicitly became {@code bridge}, for an allowlist given explicitly. */
    public static final String HOST_OVERRIDDEN_BY_ALLOWLIST = "network.host-overridden-by-allowlist";
    /** Warning: the mode {@code host} asked for explicitly became {@code bridge}, for a preset chosen explicitly. */
    public static final String HOST_OVERRIDDEN_BY_PRESET = "network.host-overridden-by-preset";

    private NetworkCodes() {
    }
}
