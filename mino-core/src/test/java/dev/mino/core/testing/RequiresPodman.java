package dev.mino.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to the real Podman service named by {@code CONTAINER_HOST}.
 * Without a reachable Podman the class is skipped with the reason printed, except under
 * CI ({@code CI} set to 1, true, yes or on), where it fails: CI must never pass by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("podman")
@ExtendWith(PodmanAvailability.class)
public @interface RequiresPodman {
}
