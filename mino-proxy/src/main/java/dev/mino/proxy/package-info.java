/**
 * The credential proxy: runs in the JVM that started a sandbox, outside the sandbox, and is
 * reached only through the sandbox's firewall container. In placeholder mode the sandbox holds
 * placeholders of the right shape; connections from the sandbox to a credential provider's hosts
 * are handed to this proxy, which presents a certificate of the per-user certificate authority,
 * puts the real token into requests to that provider's hosts only (or re-signs AWS requests), and
 * sends them on through the firewall container, so that the real value never enters the sandbox.
 * Knows nothing of the rest of mino. No dependencies beyond the JDK.
 */
package dev.mino.proxy;
