/**
 * A JUnit Jupiter extension that gives tests started sandboxes: annotate a {@code Sandbox} field
 * or parameter with {@link dev.mino.junit.MinoSandbox}, and it is started before the test (or the
 * class) and closed after it, with the test's project folder mounted.
 */
package dev.mino.junit;
