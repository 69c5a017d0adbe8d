package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mino's firewall image recipe: built on a base named by id, and its install step run here by the
 * system's {@code sh} against stand-in tools, so that each branch is seen to do what it says.
 */
class FirewallImageRecipeTest {
    private static final String ID = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    @Test
    void theBaseIsNamedByIdAndTheStepRunsAsRoot() {
        String containerfile = FirewallImageRecipe.on("sha256:" + ID).containerfile();
        List<String> lines = containerfile.lines().toList();
        assertEquals("FROM " + ID, lines.get(0));
        assertEquals("USER root", lines.get(1));
        assertTrue(lines.get(2).startsWith("ENV PATH=") && lines.get(2).contains("/usr/sbin"), lines.get(2));
        assertTrue(lines.get(3).startsWith("RUN "), lines.get(3));
        assertEquals(ID, FirewallImageRecipe.on(ID).baseImageId());
        assertEquals("localhost/mino-firewall:r" + FirewallImageRecipe.RECIPE, FirewallImageRecipe.TAG);
    }

    @Test
    void aTagOrAnythingElseButAnIdIsRefused() {
        for (String notAnId : List.of("debian:12", "localhost/mino-local:latest", ID.substring(1), ID.toUpperCase(),
            ID + "\nRUN rm -rf /", "")) {
            assertThrows(IllegalArgumentException.class, () -> FirewallImageRecipe.on(notAnId), notAnId);
        }
    }

    @Test
    void theContextHoldsOnlyTheContainerfile() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        FirewallImageRecipe.on(ID).writeBuildContextTar(tar);
        Path archive = dir.resolve("context.tar");
        Files.write(archive, tar.toByteArray());
        Commands.Result listing = Commands.run(dir, "tar", "-tf", archive.toString());
        assertEquals(0, listing.exitCode(), listing.output());
        assertEquals("Containerfile\n", listing.output());
    }

    @Test
    void withBothToolsPresentNothingIsInstalled() throws Exception {
        tool("nft", "");
        tool("python3", "");
        tool("apt-get", "echo apt-get was run; exit 1");
        Commands.Result run = install();
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains(FirewallImageRecipe.MESSAGE_PREFIX + "nft and python3 are present"),
            run.output());
        assertFalse(run.output().contains("apt-get was run"), run.output());
    }

    @Test
    void aptGetInstallsNftablesAndPython() throws Exception {
        tool("apt-get", "echo apt-get \"$@\" >> " + dir.resolve("calls") + "; [ \"$1\" != install ] || { "
            + stub("nft") + "; " + stub("python3") + "; }");
        tool("rm", "");
        Commands.Result run = install();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("apt-get update\napt-get install -y --no-install-recommends nftables python3-minimal\n"
            + "apt-get clean\n", Files.readString(dir.resolve("calls")));
    }

    @Test
    void dnfInstallsNftablesAndPython() throws Exception {
        tool("dnf", "echo dnf \"$@\" >> " + dir.resolve("calls") + "; [ \"$1\" != install ] || { "
            + stub("nft") + "; " + stub("python3") + "; }");
        Commands.Result run = install();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("dnf install -y --setopt=install_weak_deps=False nftables python3\ndnf clean all\n",
            Files.readString(dir.resolve("calls")));
    }

    @Test
    void noPackageManagerFailsAndSaysWhy() throws Exception {
        tool("nft", "");
        Commands.Result run = install();
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.output().contains(FirewallImageRecipe.MESSAGE_PREFIX + "the base image has neither nft and "
            + "python3 nor apt-get or dnf"), run.output());
    }

    @Test
    void anInstallThatLeavesAToolMissingFails() throws Exception {
        tool("apt-get", "[ \"$1\" != install ] || " + stub("nft"));
        tool("rm", "");
        Commands.Result run = install();
        assertEquals(4, run.exitCode(), run.output());
        assertTrue(run.output().contains(FirewallImageRecipe.MESSAGE_PREFIX + "nft or python3 is still missing"),
            run.output());
    }

    @Test
    void aFailingPackageManagerFailsTheStep() throws Exception {
        tool("apt-get", "echo 'E: Unable to locate package nftables'; exit 100");
        Commands.Result run = install();
        assertEquals(100, run.exitCode(), run.output());
        assertFalse(run.output().contains("still missing"), run.output());
    }

    /** The RUN step as the build's {@code sh -c} runs it, with only the stand-in tools on the PATH. */
    private Commands.Result install() throws Exception {
        String containerfile = FirewallImageRecipe.on(ID).containerfile();
        String step = containerfile.substring(containerfile.indexOf("\nRUN ") + "\nRUN ".length());
        return Commands.run(dir, "/bin/sh", "-c", "PATH=" + dir.resolve("bin") + "\n" + step);
    }

    private void tool(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = bin.resolve(name);
        Files.writeString(tool, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A shell command that makes an executable stand-in named {@code name}. */
    private String stub(String name) {
        Path tool = dir.resolve("bin").resolve(name);
        return "{ printf '#!/bin/sh\\n' > " + tool + " && /bin/chmod 755 " + tool + "; }";
    }
}
