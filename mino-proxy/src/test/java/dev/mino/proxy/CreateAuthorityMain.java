package dev.mino.proxy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in JVMs of their own by {@link CertificateAuthorityFilesTest}: waits for a file, then loads or creates. */
final class CreateAuthorityMain {
    private CreateAuthorityMain() {}

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[1]);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(Path.of(args[0]));
        System.out.println(authority.certificate().getSerialNumber().toString(16));
    }
}
