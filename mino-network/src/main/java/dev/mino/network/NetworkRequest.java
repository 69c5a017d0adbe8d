package dev.mino.network;

import java.util.List;

/**
 * What the user asked for on the command line and in config, before {@link NetworkResolver}
 * decides. Unset values are null (modes and presets) or empty (allow lists). Immutable; start from
 * {@link #defaults()} and set what was given.
 *
 * @param cliMode {@code --network}, or null
 * @param cliAllow {@code --network-allow} rules as written, or empty
 * @param cliPreset {@code --network-preset}, or null
 * @param configMode config {@code container.network}, or null for its default {@code bridge}
 * @param configAllow config {@code container.network_allow} rules as written, or empty
 * @param configPreset config {@code container.network_preset}, or null
 */
public record NetworkRequest(
        String cliMode,
        List<String> cliAllow,
        String cliPreset,
        String configMode,
        List<String> configAllow,
        String configPreset) {

    /**
     * Makes a request; null allow lists count as empty.
     *
     * @param cliMode {@code --network}, or null
     * @param cliAllow {@code --network-allow} rules as written, or null or empty
     * @param cliPreset {@code --network-preset}, or null
     * @param configMode config {@code container.network}, or null for its default
     * @param configAllow config {@code container.network_allow} rules as written, or null or empty
     * @param configPreset config {@code container.network_preset}, or null
     */
    public NetworkRequest {
        cliAllow = cliAllow == null ? List.of() : List.copyOf(cliAllow);
        configAllow = configAllow == null ? List.of() : List.copyOf(configAllow);
    }

    /**
     * A request with nothing set, which resolves to {@link NetworkPolicy#bridge()}.
     *
     * @return the empty request
     */
    public static NetworkRequest defaults() {
        return new NetworkRequest(null, List.of(), null, null, List.of(), null);
    }

    /**
     * Whether nothing asks for anything but the default, the only case in which mino 1.6.0 asks
     * the user interactively (a config mode of {@code bridge} counts as default).
     *
     * @return true when no option and no config value chooses the network
     */
    public boolean isDefault() {
        return cliMode == null && cliAllow.isEmpty() && cliPreset == null
            && (configMode == null || configMode.equals("bridge"))
            && configAllow.isEmpty() && configPreset == null;
    }

    /**
     * This request with {@code --network} set.
     *
     * @param mode the mode as written, or null
     * @return the new request
     */
    public NetworkRequest withCliMode(String mode) {
        return new NetworkRequest(mode, cliAllow, cliPreset, configMode, configAllow, configPreset);
    }

    /**
     * This request with {@code --network-allow} set.
     *
     * @param rules the rules as written
     * @return the new request
     */
    public NetworkRequest withCliAllow(List<String> rules) {
        return new NetworkRequest(cliMode, rules, cliPreset, configMode, configAllow, configPreset);
    }

    /**
     * This request with {@code --network-preset} set.
     *
     * @param preset the preset's name, or null
     * @return the new request
     */
    public NetworkRequest withCliPreset(String preset) {
        return new NetworkRequest(cliMode, cliAllow, preset, configMode, configAllow, configPreset);
    }

    /**
     * This request with config {@code container.network} set.
     *
     * @param mode the mode as written, or null
     * @return the new request
     */
    public NetworkRequest withConfigMode(String mode) {
        return new NetworkRequest(cliMode, cliAllow, cliPreset, mode, configAllow, configPreset);
    }

    /**
     * This request with config {@code container.network_allow} set.
     *
     * @param rules the rules as written
     * @return the new request
     */
    public NetworkRequest withConfigAllow(List<String> rules) {
        return new NetworkRequest(cliMode, cliAllow, cliPreset, configMode, rules, configPreset);
    }

    /**
     * This request with config {@code container.network_preset} set.
     *
     * @param preset the preset's name, or null
     * @return the new request
     */
    public NetworkRequest withConfigPreset(String preset) {
        return new NetworkRequest(cliMode, cliAllow, cliPreset, configMode, configAllow, preset);
    }
}
