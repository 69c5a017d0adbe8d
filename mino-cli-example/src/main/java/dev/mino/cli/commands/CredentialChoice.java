package dev.mino.cli.commands;

import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Which credential providers a {@code run} gets (SPEC 1.3.2, "Credentials enabling"):
 * {@code --all-clouds} turns on AWS, GCP and Azure; otherwise each is on when its option is given
 * or {@code credentials.<name>.enabled} is true; GitHub is on unless {@code --no-github}. Providers
 * come from the {@link CredentialProviderFactory} implementations on the class path, so a
 * provider whose SDK is missing is a warning that names the artifact, or an error when strict.
 */
final class CredentialChoice {
    /** The providers in the order mino 1.6.0 loads them. */
    static final List<String> ORDER = List.of("aws", "gcp", "azure", "github");

    private CredentialChoice() {
    }

    /**
     * What the options ask for.
     *
     * @param aws {@code --aws}
     * @param gcp {@code --gcp}
     * @param azure {@code --azure}
     * @param allClouds {@code --all-clouds}
     * @param noGithub {@code --no-github}
     */
    record Flags(boolean aws, boolean gcp, boolean azure, boolean allClouds, boolean noGithub) {
    }

    /**
     * The providers chosen, and what went wrong with the others.
     *
     * @param providers ready to hand to the builder
     * @param warnings one per provider that could not be created, as {@code <Provider>: <message>}
     * @param hints the hint of each warning, in the same order (may be empty strings)
     */
    record Selection(List<CredentialProvider> providers, List<String> warnings, List<String> hints) {
        Selection {
            providers = List.copyOf(providers);
            warnings = List.copyOf(warnings);
            hints = List.copyOf(hints);
        }
    }

    /** The names of the enabled providers, in {@link #ORDER}. */
    static List<String> enabled(Flags flags, MinoConfig.Credentials config) {
        List<String> names = new ArrayList<>();
        if (flags.allClouds() || flags.aws() || config.aws().enabled()) {
            names.add("aws");
        }
        if (flags.allClouds() || flags.gcp() || config.gcp().enabled()) {
            names.add("gcp");
        }
        if (flags.allClouds() || flags.azure() || config.azure().enabled()) {
            names.add("azure");
        }
        if (!flags.noGithub()) {
            names.add("github");
        }
        return names;
    }

    /** The factories registered for {@link ServiceLoader}, by name. */
    static Map<String, CredentialProviderFactory> installed() {
        Map<String, CredentialProviderFactory> factories = new LinkedHashMap<>();
        for (CredentialProviderFactory factory : ServiceLoader.load(CredentialProviderFactory.class,
            CredentialChoice.class.getClassLoader())) {
            factories.putIfAbsent(factory.name(), factory);
        }
        return factories;
    }

    /**
     * Creates the providers {@code names} asks for.
     *
     * @throws MinoException when {@code strict} and any of them cannot be created
     */
    static Selection select(List<String> names, Map<String, CredentialProviderFactory> factories,
                            MinoConfig.Credentials config, Map<String, String> environment, boolean strict) {
        List<CredentialProvider> providers = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (String name : names) {
            CredentialProviderFactory factory = factories.get(name);
            if (factory == null) {
                failed.add(displayName(name));
                warnings.add(displayName(name) + ": no provider for '" + name + "' is installed");
                hints.add("Add the Maven dependency dev.mino:mino-credentials");
                continue;
            }
            try {
                // A factory that is not available throws here, naming the artifact to add.
                providers.add(factory.create(config, environment));
            } catch (CredentialException e) {
                failed.add(displayName(name));
                warnings.add(displayName(name) + ": " + e.getMessage());
                hints.add(e.hint());
            }
        }
        if (strict && !failed.isEmpty()) {
            throw new MinoException("Credential loading failed for: " + String.join(", ", failed) + " ("
                + String.join("; ", warnings) + ")", "Remove --strict-credentials to continue anyway");
        }
        return new Selection(providers, warnings, hints);
    }

    /** How mino 1.6.0 names a provider in messages: AWS, GCP, Azure, GitHub. */
    static String displayName(String name) {
        return switch (name) {
            case "aws" -> "AWS";
            case "gcp" -> "GCP";
            case "azure" -> "Azure";
            case "github" -> "GitHub";
            default -> name;
        };
    }
}
