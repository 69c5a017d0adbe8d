package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSL, the other TLS stack most tools in a sandbox use, reads our certificates and key and
 * verifies the chain. Skipped only when {@code openssl} is not on the PATH.
 */
class OpensslInteropTest {
    @TempDir
    Path temp;

    private static boolean opensslOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    private String openssl(int expectedExit, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    @Test
    void opensslReadsTheCertificatesAndVerifiesTheChain() throws Exception {
        Prerequisite.require(opensslOnPath(), "openssl on the PATH for this interoperability check");
        Path directory = temp.resolve("ca");
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(directory);
        Path ca = temp.resolve("ca.pem");
        Path leaf = temp.resolve("leaf.pem");
        Files.writeString(ca, authority.certificatePem());
        Files.writeString(leaf, pem(authority.leafFor("api.github.test")));

        String caText = openssl(0, "x509", "-noout", "-text", "-in", ca.toString());
        assertTrue(caText.contains("CA:TRUE, pathlen:0"), caText);
        assertTrue(caText.contains("Certificate Sign, CRL Sign"), caText);
        assertTrue(caText.contains("X509v3 Subject Key Identifier"), caText);
        assertTrue(caText.contains("Signature Algorithm: ecdsa-with-SHA256"), caText);
        assertTrue(caText.contains("NIST CURVE: P-256"), caText);
        assertTrue(caText.contains("O = mino, CN = mino sandbox CA "), caText);

        String leafText = openssl(0, "x509", "-noout", "-text", "-in", leaf.toString());
        assertTrue(leafText.contains("DNS:api.github.test"), leafText);
        assertTrue(leafText.contains("TLS Web Server Authentication"), leafText);
        assertTrue(leafText.contains("Digital Signature"), leafText);
        assertTrue(leafText.contains("X509v3 Authority Key Identifier"), leafText);

        String verified = openssl(0, "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname",
            "api.github.test", "-CAfile", ca.toString(), leaf.toString());
        assertTrue(verified.contains(leaf + ": OK"), verified);

        // The key file is a PKCS#8 key OpenSSL reads, and it is the authority's.
        String keyPublic = openssl(0, "pkey", "-in", directory.resolve(CertificateAuthority.KEY_FILE).toString(),
            "-pubout");
        String certificatePublic = openssl(0, "x509", "-in", ca.toString(), "-noout", "-pubkey");
        assertEquals(certificatePublic, keyPublic);
    }

    @Test
    void opensslRefusesTheChainUnderAnotherAuthorityOrName() throws Exception {
        Prerequisite.require(opensslOnPath(), "openssl on the PATH for this interoperability check");
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(temp.resolve("ca"));
        CertificateAuthority other = CertificateAuthority.loadOrCreate(temp.resolve("other"));
        Path otherCa = temp.resolve("other.pem");
        Path ca = temp.resolve("ca.pem");
        Path leaf = temp.resolve("leaf.pem");
        Files.writeString(otherCa, other.certificatePem());
        Files.writeString(ca, authority.certificatePem());
        Files.writeString(leaf, pem(authority.leafFor("api.github.test")));

        openssl(2, "verify", "-CAfile", otherCa.toString(), leaf.toString());
        openssl(2, "verify", "-verify_hostname", "evil.test", "-CAfile", ca.toString(), leaf.toString());
    }

    private static String pem(java.security.cert.X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }
}
