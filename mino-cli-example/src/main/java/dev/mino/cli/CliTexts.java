package dev.mino.cli;

import dev.mino.core.ErrorCodes;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.WarningCodes;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.SensitiveField;
import dev.mino.core.text.DisplayText;
import dev.mino.network.NetworkCodes;
import dev.mino.network.NetworkResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CLI's words for what the library says in its own: the library names its builder methods and
 * settings, never a command line's flags, and gives a stable code where a caller may say it its
 * own way. This class maps those codes to mino 1.6.0's texts (SPEC 2.3, 6.3 and 14), which name
 * {@code mino}'s flags, and to this CLI's texts for failures mino 1.6.0 does not have.
 */
public final class CliTexts {
    /** mino 1.6.0's hint of every network conflict (SPEC 6.3). */
    static final String NETWORK_CONFLICT_HINT =
        "Use --network bridge with --network-allow, or --network none without --network-allow.";

    private CliTexts() {
    }

    /** The hint to show with {@code failure}: the CLI's own for a failure whose code it knows, else the library's. */
    public static String hint(MinoException failure) {
        return hint(failure.code().orElse(""), failure.hint());
    }

    /**
     * The hint to show for a failure with this code.
     *
     * @param code the failure's code, or empty
     * @param libraryHint the library's hint, used for a code the CLI has no text of its own for
     */
    public static String hint(String code, String libraryHint) {
        return switch (code) {
            case ErrorCodes.FIREWALL_IMAGE_COMPOSED -> "use an image with python3 and nft that no layer built "
                + "(mino's firewall image), through firewallImage(...) or --firewall-image";
            case ErrorCodes.FIREWALL_IMAGE_MISSING_TOOL -> "use mino's firewall image (it has python3 and nft), or "
                + "an image with both (Debian: python3-minimal and nftables) through firewallImage(...) or --firewall-image";
            case ErrorCodes.FIREWALL_RULES_NOT_IN_PLACE -> "the firewall image's nft must work in the sandbox's "
                + "network namespace (Debian's nftables package does); use such an image through firewallImage(...) "
                + "or --firewall-image";
            case ErrorCodes.ROOTFUL_PROJECT_NOT_HANDABLE -> "run mino in a project folder, or use a rootless Podman, "
                + "or accept host uids with --allow-rootful-engine (allowRootfulEngine(true))";
            case ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS -> "as root, add 'containers:2147483647:2147483648' to "
                + "/etc/subuid and /etc/subgid ('mino setup -y' does it) and restart the Podman service; or use a "
                + "rootless Podman; or accept host uids with --allow-rootful-engine (allowRootfulEngine(true))";
            case ErrorCodes.CONFIG_LOCAL_LINK -> "A folder's .mino.toml must be a file of its own, since trust is "
                + "given to a folder's own file: replace the link with a copy of the file, or use --no-local to "
                + "ignore it";
            case NetworkCodes.NONE_WITH_ALLOWLIST, NetworkCodes.NONE_WITH_PRESET, NetworkCodes.CONFIG_CONFLICT,
                NetworkCodes.UNKNOWN_MODE -> NETWORK_CONFLICT_HINT;
            case NetworkCodes.UNKNOWN_PRESET ->
                "Choose one of the available presets, or list the hosts yourself with --network-allow.";
            default -> libraryHint;
        };
    }

    /**
     * The message of a network conflict of {@code run}'s options, as mino 1.6.0 words it (without
     * the {@code Network policy conflict: } before it).
     *
     * @param code the conflict's code, or empty
     * @param message the library's message, used for any other conflict
     */
    public static String networkConflict(String code, String message) {
        return switch (code) {
            case NetworkCodes.NONE_WITH_ALLOWLIST ->
                "Cannot combine --network none with --network-allow. Allowlist rules require bridge networking.";
            case NetworkCodes.NONE_WITH_PRESET ->
                "Cannot combine --network none with --network-preset. Presets require bridge networking.";
            default -> message;
        };
    }

    /** The warnings of a network resolution of {@code run}'s options, as mino 1.6.0 words them. */
    public static List<String> networkWarnings(NetworkResolution resolution) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < resolution.warnings().size(); i++) {
            texts.add(switch (resolution.warningCodes().get(i)) {
                case NetworkCodes.HOST_OVERRIDDEN_BY_ALLOWLIST ->
                    "--network host overridden to bridge because --network-allow was specified";
                case NetworkCodes.HOST_OVERRIDDEN_BY_PRESET ->
                    "--network host overridden to bridge because --network-preset was specified";
                default -> resolution.warnings().get(i);
            });
        }
        return texts;
    }

    /** The warnings of a configuration's load, as mino 1.6.0 words them (SPEC 2.3). */
    public static List<String> configWarnings(LoadedConfig loaded) {
        String file = loaded.localFile().map(path -> DisplayText.escape(path.toString())).orElse("");
        String names = loaded.sensitiveFields().stream().map(SensitiveField::name).collect(Collectors.joining(", "));
        List<String> texts = new ArrayList<>();
        for (MinoEvent.Warning warning : loaded.codedWarnings()) {
            texts.add(switch (warning.codeIfAny().orElse("")) {
                case WarningCodes.CONFIG_LOCAL_FORCED ->
                    "Loading untrusted local config " + file + " with sensitive fields (--trust-local): [" + names + "]";
                case WarningCodes.CONFIG_LOCAL_NOT_TRUSTED -> "Skipping untrusted local config " + file
                    + " (non-interactive, sensitive fields: [" + names + "]) - Use --trust-local or MINO_TRUST_LOCAL=1 "
                    + "to trust";
                case WarningCodes.CONFIG_LOCAL_DECLINED ->
                    "Local config skipped - Use --no-local to always skip, or --trust-local to always trust";
                default -> warning.message();
            });
        }
        return texts;
    }
}
