/**
 * Short-lived cloud credentials (AWS STS, GCP, Azure, GitHub) handed to sandboxes through the
 * credential SPI of mino-core.
 */
package dev.mino.credentials;
