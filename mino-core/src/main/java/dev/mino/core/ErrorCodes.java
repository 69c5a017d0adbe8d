package dev.mino.core;

/**
 * Stable codes of the failures that a program embedding Mino may want to word its own way, as
 * {@link MinoException#code()}: a code names the kind of failure and never changes, while the
 * message and hint may be reworded. The library's texts name its builder methods and configuration
 * keys; a command line maps these codes to texts that name its flags instead. A network setting
 * that cannot be used carries one of {@code dev.mino.network.NetworkCodes} instead.
 */
public final class ErrorCodes {
    /** The firewall image asked for was composed from layers, so the firewall does not run from it. */
    public static final String FIREWALL_IMAGE_COMPOSED = "firewall.image-composed";
    /** The firewall image lacks python3 or nft, so it cannot enforce the allowlist. */
    public static final String FIREWALL_IMAGE_MISSING_TOOL = "firewall.image-missing-tool";
    /** The firewall image's nft could not put the allowlist's rules in place. */
    public static final String FIREWALL_RULES_NOT_IN_PLACE = "firewall.rules-not-in-place";
    /**
     * On a rootful engine, the project is the user's home folder (or holds it) or a file system
     * root, which would be handed to the sandbox's user namespace.
     */
    public static final String ROOTFUL_PROJECT_NOT_HANDABLE = "engine.rootful-project-not-handable";
    /** The rootful engine has no subordinate ids to give the sandbox a user namespace of its own. */
    public static final String ROOTFUL_NO_SUBORDINATE_IDS = "engine.rootful-no-subordinate-ids";
    /** The local {@code .mino.toml} is a symbolic link, which is refused. */
    public static final String CONFIG_LOCAL_LINK = "config.local-link";

    private ErrorCodes() {
    }
}
