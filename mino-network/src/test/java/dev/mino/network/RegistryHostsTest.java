package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry hosts come from invented configurations; no real registry host appears here. */
class RegistryHostsTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    private static final Map<String, String> NO_ENV = Map.of();

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void settings(String body) throws IOException {
        write(home.resolve(".m2/settings.xml"), body);
    }

    private static Optional<NetworkRule> rule(String host, int port) {
        return Optional.of(new NetworkRule(host, port));
    }

    @Test
    void nothingConfiguredFindsNothing() {
        RegistryHosts found = RegistryHosts.discover(NO_ENV, home, project);
        assertEquals(Optional.empty(), found.npm());
        assertEquals(List.of(), found.maven());
        assertEquals(List.of(), found.warnings());
    }

    @Test
    void npmTakesTheEnvironmentFirstLowerCaseBeforeUpperCase() throws IOException {
        write(home.resolve(".npmrc"), "registry=https://rc.corp.example/\n");
        assertEquals(rule("lower.corp.example", 443), RegistryHosts.discover(Map.of(
            "npm_config_registry", "https://lower.corp.example/npm/",
            "NPM_CONFIG_REGISTRY", "https://upper.corp.example/"), home, null).npm());
        assertEquals(rule("upper.corp.example", 443), RegistryHosts.discover(Map.of(
            "npm_config_registry", " ",
            "NPM_CONFIG_REGISTRY", "https://upper.corp.example/"), home, null).npm());
    }

    @Test
    void npmReadsTheRegistryLineOfTheUsersNpmrc() throws IOException {
        write(home.resolve(".npmrc"), String.join("\n",
            "; a comment",
            "# registry=https://commented.corp.example/",
            "@corp:registry=https://scoped.corp.example/",
            "//npm.corp.example/:_authToken=${NPM_TOKEN}",
            "  registry  =  \"https://npm.corp.example:8443/repository/npm/\"  ",
            "save-exact=true",
            "[section]",
            "registry=https://in-a-section.corp.example/",
            ""));
        assertEquals(rule("npm.corp.example", 8443), RegistryHosts.discover(NO_ENV, home, null).npm());
    }

    @Test
    void npmUsesTheLastRegistryLineAndTheSchemesDefaultPort() throws IOException {
        write(home.resolve(".npmrc"), "registry=https://first.corp.example/\nregistry=http://npm.corp.example/\n");
        assertEquals(rule("npm.corp.example", 80), RegistryHosts.discover(NO_ENV, home, null).npm());
    }

    @Test
    void aProjectsNpmrcIsNeverReadAndTheUsersIs() throws IOException {
        // The hostile project of issue 14: the sandbox wrote this file for the next run.
        write(project.resolve(".npmrc"), "registry=https://project.attacker.example:4444/\n");
        assertEquals(Optional.empty(), RegistryHosts.discover(NO_ENV, home, project).npm(),
            "with no user configuration, nothing: not the project's registry");

        write(home.resolve(".npmrc"), "registry=https://user.corp.example/\n");
        assertEquals(rule("user.corp.example", 443), RegistryHosts.discover(NO_ENV, home, project).npm(),
            "the user's own ~/.npmrc is used");
        assertEquals(rule("user.corp.example", 443), RegistryHosts.discover(NO_ENV, home).npm());
        assertEquals(rule("env.corp.example", 443), RegistryHosts.discover(
            Map.of("npm_config_registry", "https://env.corp.example"), home, project).npm());
    }

    @Test
    void npmReadsTheUsersAndThenTheGlobalNpmrcWhereNpmFindsThem() throws IOException {
        Path prefix = home.resolve("node-install");
        write(prefix.resolve("etc/npmrc"), "registry=https://global.corp.example/\n");
        Path node = prefix.resolve("bin/node");
        write(node, "#!/bin/sh\n");
        node.toFile().setExecutable(true);
        Map<String, String> path = Map.of("PATH", "relative/bin:" + prefix.resolve("bin"));
        assertEquals(rule("global.corp.example", 443), RegistryHosts.discover(path, home, project).npm(),
            "the prefix of the node on the PATH");
        assertEquals(rule("global.corp.example", 443), RegistryHosts.discover(
            Map.of("npm_config_prefix", prefix.toString()), home, project).npm());
        write(home.resolve("other-global"), "registry=https://other-global.corp.example/\n");
        assertEquals(rule("other-global.corp.example", 443), RegistryHosts.discover(
            Map.of("NPM_CONFIG_GLOBALCONFIG", home.resolve("other-global").toString()), home, project).npm());

        write(home.resolve(".npmrc"), "registry=https://user.corp.example/\n");
        assertEquals(rule("user.corp.example", 443), RegistryHosts.discover(path, home, project).npm(),
            "the user's npmrc before the global one");
        write(home.resolve("elsewhere/npmrc"), "registry=https://userconfig.corp.example/\n");
        assertEquals(rule("userconfig.corp.example", 443), RegistryHosts.discover(
            Map.of("npm_config_userconfig", home.resolve("elsewhere/npmrc").toString()), home, project).npm());
    }

    @Test
    void aNodeOrGlobalNpmrcInsideTheProjectIsNotTheUsers() throws IOException {
        write(project.resolve("etc/npmrc"), "registry=https://planted.attacker.example:4444/\n");
        Path node = project.resolve("bin/node");
        write(node, "#!/bin/sh\n");
        node.toFile().setExecutable(true);
        RegistryHosts found = RegistryHosts.discover(Map.of("PATH", project.resolve("bin").toString()), home, project);
        assertEquals(Optional.empty(), found.npm());
        assertTrue(found.warnings().get(0).contains("lies in the project folder"), found.warnings().toString());
        assertEquals(Optional.empty(), RegistryHosts.discover(
            Map.of("npm_config_globalconfig", project.resolve("etc/npmrc").toString()), home, project).npm());
    }

    @Test
    void aMavenSettingsFileOrMvnFolderInTheProjectIsNeverRead() throws IOException {
        String settings = "<settings><mirrors><mirror><url>https://project.attacker.example:4444/</url></mirror>"
            + "</mirrors></settings>";
        write(project.resolve("settings.xml"), settings);
        write(project.resolve(".m2/settings.xml"), settings);
        write(project.resolve(".mvn/maven.config"), "-s settings.xml\n");
        assertEquals(List.of(), RegistryHosts.discover(NO_ENV, home, project).maven());
    }

    @Test
    void userFilesThatReallyLieInTheProjectAreSkippedWithAWarning() throws IOException {
        write(project.resolve("planted-npmrc"), "registry=https://planted.attacker.example:4444/\n");
        write(project.resolve("planted-settings.xml"),
            "<settings><mirrors><mirror><url>https://planted.attacker.example:4445/</url></mirror></mirrors></settings>");
        Files.createSymbolicLink(home.resolve(".npmrc"), project.resolve("planted-npmrc"));
        Files.createDirectories(home.resolve(".m2"));
        Files.createSymbolicLink(home.resolve(".m2/settings.xml"), project.resolve("planted-settings.xml"));

        RegistryHosts found = RegistryHosts.discover(NO_ENV, home, project);
        assertEquals(Optional.empty(), found.npm());
        assertEquals(List.of(), found.maven());
        assertEquals(2, found.warnings().size(), found.warnings().toString());
        assertTrue(found.warnings().get(0).contains("lies in the project folder"), found.warnings().get(0));

        // A home folder that is the project itself (mino run in ~): the same.
        write(project.resolve(".npmrc"), "registry=https://planted.attacker.example:4444/\n");
        assertEquals(Optional.empty(), RegistryHosts.discover(NO_ENV, project, project).npm());
        // Positive control: without a project to protect, the same links are followed.
        assertEquals(rule("planted.attacker.example", 4444), RegistryHosts.discover(NO_ENV, home).npm());
        Files.delete(home.resolve(".npmrc"));
        Files.delete(home.resolve(".m2/settings.xml"));
    }

    @Test
    void aVariableInARegistryUrlIsNeverExpandedAndTheUrlIgnored() throws IOException {
        Map<String, String> env = Map.of("SOME_SECRET", "s3cret", "NPM_HOST", "npm.corp.example");
        write(home.resolve(".npmrc"), "registry=https://${SOME_SECRET}.attacker.example:4444/\n");
        RegistryHosts found = RegistryHosts.discover(env, home, project);
        assertEquals(Optional.empty(), found.npm());
        assertEquals(1, found.warnings().size(), found.warnings().toString());
        assertTrue(found.warnings().get(0).contains("never builds a host or port from variables"),
            found.warnings().get(0));
        assertFalse(found.warnings().get(0).contains("s3cret"), found.warnings().get(0));

        write(home.resolve(".npmrc"), "registry=https://${NPM_HOST}/npm/\n");
        assertEquals(Optional.empty(), RegistryHosts.discover(env, home, project).npm(), "even a harmless one");
        write(home.resolve(".npmrc"), "registry=https://npm.corp.example:${PORT}/\n");
        assertEquals(Optional.empty(), RegistryHosts.discover(Map.of("PORT", "4444"), home, project).npm());
        assertEquals(Optional.empty(), RegistryHosts.discover(
            Map.of("npm_config_registry", "https://${SOME_SECRET}.attacker.example/", "SOME_SECRET", "s3cret"),
            home, project).npm(), "nor in the environment's registry");
    }

    @Test
    void anUnusableNpmRegistryGivesAWarningWithoutItsPassword() throws IOException {
        RegistryHosts found = RegistryHosts.discover(
            Map.of("npm_config_registry", "https://user:s3cret@/npm/"), home, null);
        assertEquals(Optional.empty(), found.npm());
        assertEquals(1, found.warnings().size());
        assertFalse(found.warnings().get(0).contains("s3cret"), found.warnings().get(0));
        assertTrue(found.warnings().get(0).contains("npm_config_registry"), found.warnings().get(0));

        RegistryHosts noScheme = RegistryHosts.discover(Map.of("npm_config_registry", "npm.corp.example"), home, null);
        assertEquals(Optional.empty(), noScheme.npm());
        assertEquals(1, noScheme.warnings().size());
    }

    @Test
    void aRegistryWithAnIpv6AddressBecomesAnIpv6Rule() {
        assertEquals(rule("2001:db8::5", 4873), RegistryHosts.discover(
            Map.of("npm_config_registry", "http://[2001:db8::5]:4873/"), home, null).npm());
    }

    @Test
    void mavenReadsMirrorsAndRepositoriesInDocumentOrder() throws IOException {
        // A namespace, as real settings files have; this one is invented.
        settings(String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<settings xmlns=\"urn:example:settings\">",
            "  <servers><server><id>corp</id><url>https://server.corp.example/</url></server></servers>",
            "  <mirrors>",
            "    <mirror><id>corp</id><mirrorOf>*</mirrorOf><url> https://maven.corp.example/repository/all/ </url></mirror>",
            "  </mirrors>",
            "  <profiles><profile><id>extra</id>",
            "    <repositories>",
            "      <repository><id>a</id><url>https://artifacts.corp.example:8443/maven</url></repository>",
            "      <repository><id>b</id><url>http://legacy.corp.example/maven</url></repository>",
            "      <repository><id>local</id><url>file:///srv/maven</url></repository>",
            "      <repository><id>again</id><url>https://maven.corp.example/other/</url></repository>",
            "    </repositories>",
            "    <pluginRepositories>",
            "      <pluginRepository><id>p</id><url>https://plugins.corp.example/</url></pluginRepository>",
            "    </pluginRepositories>",
            "  </profile></profiles>",
            "</settings>"));
        RegistryHosts found = RegistryHosts.discover(NO_ENV, home, project);
        assertEquals(List.of(
                new NetworkRule("maven.corp.example", 443),
                new NetworkRule("artifacts.corp.example", 8443),
                new NetworkRule("legacy.corp.example", 80),
                new NetworkRule("plugins.corp.example", 443)),
            found.maven());
        assertEquals(List.of(), found.warnings());
    }

    @Test
    void mavenIgnoresAUrlWithAVariableEvenWhenItIsSet() throws IOException {
        settings("<settings><mirrors><mirror><url>https://${env.REPO_HOST}/</url></mirror>"
            + "<mirror><url>https://${settings.localRepository}/</url></mirror>"
            + "<mirror><url>https://maven.corp.example/</url></mirror></mirrors></settings>");
        RegistryHosts found = RegistryHosts.discover(Map.of("REPO_HOST", "env.corp.example"), home, null);
        assertEquals(List.of(new NetworkRule("maven.corp.example", 443)), found.maven());
        assertEquals(2, found.warnings().size());
    }

    @Test
    void mavenRefusesDoctypesSoNoEntityIsRead() throws IOException {
        Path secret = home.resolve("secret.txt");
        Files.writeString(secret, "https://leaked.corp.example/");
        settings("<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE settings [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
            + "<settings><mirrors><mirror><url>&leak;</url></mirror></mirrors></settings>");
        RegistryHosts found = RegistryHosts.discover(NO_ENV, home, null);
        assertEquals(List.of(), found.maven());
        assertEquals(1, found.warnings().size());
        assertTrue(found.warnings().get(0).startsWith("Could not read " + home.resolve(".m2/settings.xml")),
            found.warnings().get(0));
    }

    @Test
    void malformedSettingsGiveAWarningAndNothingOnStderr() throws IOException {
        settings("<settings><mirrors><mirror><url>https://maven.corp.example/</mirror>");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RegistryHosts found;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            found = RegistryHosts.discover(NO_ENV, home, null);
        } finally {
            System.setErr(stderr);
        }
        assertEquals(List.of(), found.maven());
        assertEquals(1, found.warnings().size());
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void registriesGivenDirectlyAreKeptWithoutDuplicates() {
        RegistryHosts hosts = RegistryHosts.of(null, List.of(new NetworkRule("maven.corp.example", 443),
            new NetworkRule("maven.corp.example", 443)));
        assertEquals(Optional.empty(), hosts.npm());
        assertEquals(List.of(new NetworkRule("maven.corp.example", 443)), hosts.maven());
        assertEquals(Optional.empty(), RegistryHosts.none().npm());
    }
}
