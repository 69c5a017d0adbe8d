package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context as a tar stream, checked by unpacking it with the system's tar. */
class BuildContextTarTest {

    @Test
    void systemTarListsAndUnpacksTheContext(@TempDir Path tmp) throws Exception {
        CompositionPlan plan = CompositionPlan.of(List.of(CompositionPlanTest.ALPHA, CompositionPlanTest.BETA,
                BuiltInLayers.find("python").orElseThrow()));
        Path archive = tmp.resolve("context.tar");
        try (var out = Files.newOutputStream(archive)) {
            plan.writeBuildContextTar(out);
        }

        Commands.Result listing = Commands.run(tmp, "tar", "-tvf", archive.toString());
        assertEquals(0, listing.exitCode(), listing.output());
        List<String> lines = listing.output().lines().toList();
        assertEquals(4, lines.size(), listing.output());
        assertTrue(lines.get(0).matches("-rw-r--r-- root/root +\\d+ 2000-01-01 \\d\\d:\\d\\d Containerfile"), lines.get(0));
        assertTrue(lines.get(1).matches("-rwxr-xr-x root/root +11 2000-01-01 \\d\\d:\\d\\d install-alpha.sh"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" install-beta.sh"), lines.get(2));
        assertTrue(lines.get(3).endsWith(" install-python.sh"), lines.get(3));

        Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
        Commands.Result extract = Commands.run(unpacked, "tar", "-xf", archive.toString());
        assertEquals(0, extract.exitCode(), extract.output());
        assertEquals("", extract.output(), "no warnings from tar");
        for (Map.Entry<String, byte[]> file : plan.buildContext().entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(unpacked.resolve(file.getKey())), file.getKey());
        }
        Set<PosixFilePermission> scriptMode = Files.getPosixFilePermissions(unpacked.resolve("install-alpha.sh"));
        assertTrue(scriptMode.contains(PosixFilePermission.OWNER_EXECUTE), scriptMode.toString());
    }

    @Test
    void samePlanSameBytes() throws Exception {
        CompositionPlan plan = CompositionPlan.of(List.of(CompositionPlanTest.ALPHA));
        assertArrayEquals(tar(plan), tar(CompositionPlan.of(List.of(CompositionPlanTest.ALPHA))));
        assertEquals(0, tar(plan).length % 512);
    }

    @Test
    void blockBoundariesRoundTrip(@TempDir Path tmp) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("exact.sh", "x".repeat(512).getBytes(StandardCharsets.US_ASCII));
        files.put("over", "y".repeat(513).getBytes(StandardCharsets.US_ASCII));
        files.put("n".repeat(99), "utf-8 ✓\n".getBytes(StandardCharsets.UTF_8));
        Path archive = tmp.resolve("a.tar");
        try (var out = Files.newOutputStream(archive)) {
            TarArchive.write(files, out);
        }
        assertEquals(512 + 1024 + 1536 + 1024 + 1024, Files.size(archive), "headers, padded data, end blocks");

        Path unpacked = Files.createDirectory(tmp.resolve("out"));
        Commands.Result extract = Commands.run(unpacked, "tar", "-xf", archive.toString());
        assertEquals(0, extract.exitCode(), extract.output());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(unpacked.resolve(file.getKey())), file.getKey());
        }
    }

    @Test
    void namesThatDoNotFitAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TarArchive.write(Map.of("n".repeat(100), new byte[0]), new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class,
                () -> TarArchive.write(Map.of("dir/file", new byte[0]), new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class,
                () -> TarArchive.write(Map.of("é", new byte[0]), new ByteArrayOutputStream()));
    }

    private static byte[] tar(CompositionPlan plan) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        plan.writeBuildContextTar(out);
        return out.toByteArray();
    }
}
