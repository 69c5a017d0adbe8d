/**
 * The credential SPI: providers mint short-lived credentials (cloud tokens, a GitHub token) that a
 * sandbox receives as environment variables, delivered so that their values never appear in
 * {@code podman inspect}, session records or logs. Implementations live in mino-credentials and
 * are found through {@link java.util.ServiceLoader} by their {@link CredentialProviderFactory}.
 */
package dev.mino.core.credentials;
