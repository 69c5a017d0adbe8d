package dev.mino.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.CredentialProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Loads this module and mino-core in a class loader that sees no cloud SDK, as in a host that
 * added none: the public classes load, and asking for a cloud provider is a CredentialException
 * naming the artifact, not a NoClassDefFoundError.
 */
class WithoutSdksTest {

    @Test
    void publicClassesLoadAndNameTheMissingArtifact() throws Exception {
        try (URLClassLoader isolated = isolatedLoader()) {
            assertMissing(isolated, "dev.mino.credentials.AwsStsCredentials", "software.amazon.awssdk:sts");
            assertMissing(isolated, "dev.mino.credentials.GcpCredentials",
                "com.google.auth:google-auth-library-oauth2-http");
            assertMissing(isolated, "dev.mino.credentials.AzureCredentials", "com.azure:azure-identity");
        }
    }

    @Test
    void factoriesReportWhichProvidersAreAvailable() throws Exception {
        try (URLClassLoader isolated = isolatedLoader()) {
            Class<?> spi = Class.forName("dev.mino.core.credentials.CredentialProviderFactory", true, isolated);
            Method name = spi.getMethod("name");
            Method available = spi.getMethod("isAvailable");
            Map<Object, Object> availability = new LinkedHashMap<>();
            for (Object factory : ServiceLoader.load(spi, isolated)) {
                availability.put(name.invoke(factory), available.invoke(factory));
            }

            assertEquals(Map.of("aws", false, "gcp", false, "azure", false, "github", true), availability);
        }
    }

    private static void assertMissing(ClassLoader loader, String className, String artifact) throws Exception {
        Class<?> provider = Class.forName(className, true, loader);
        Object builder = provider.getMethod("builder").invoke(null);
        Method build = builder.getClass().getMethod("build");

        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> build.invoke(builder));

        assertEquals("dev.mino.core.credentials.CredentialException", e.getCause().getClass().getName());
        assertTrue(e.getCause().getMessage().contains(artifact), e.getCause().getMessage());
    }

    // Parent is the platform loader, so nothing from the test class path (where the SDKs are) is visible.
    private static URLClassLoader isolatedLoader() {
        URL credentials = AwsStsCredentials.class.getProtectionDomain().getCodeSource().getLocation();
        URL core = CredentialProvider.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {credentials, core}, ClassLoader.getPlatformClassLoader());
    }
}
