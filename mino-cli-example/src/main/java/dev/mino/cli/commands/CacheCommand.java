package dev.mino.cli.commands;

import dev.mino.cli.ByteSize;
import dev.mino.cli.EngineOption;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.prompts.Confirmation;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.CacheGcResult;
import dev.mino.core.CacheInfo;
import dev.mino.core.Caches;
import dev.mino.core.HomeVolumeInfo;
import dev.mino.core.config.MinoConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mino cache list|info|gc|clear} (SPEC 1.12, 9.8 to 9.12): the dependency cache volumes and
 * home volumes on the Podman service. Only volumes and images carrying Mino's labels are touched.
 */
@Command(name = "cache", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Manage dependency caches",
    subcommands = {CacheCommand.ListCaches.class, CacheCommand.Info.class, CacheCommand.Gc.class,
        CacheCommand.Clear.class})
public final class CacheCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Spec
    CommandSpec spec;

    /** {@code mino cache} alone names no action: usage on stderr and the usage-error exit code. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list, info, gc or clear");
    }

    /**
     * The caches whose state is in this invocation's state directory, on {@code engine} if given,
     * else on CONTAINER_HOST as this invocation sees it, else on a discovered service.
     */
    Caches caches(String engine) {
        Caches caches = root.mino().caches();
        String host = engine != null ? engine : root.io().env().get("CONTAINER_HOST");
        return host == null || host.isBlank() ? caches : caches.engine(host);
    }

    /** {@code mino cache list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List cache and home volumes")
    static final class ListCaches implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Mixin
        EngineOption engine;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            completionCandidates = ListCommand.FormatNames.class, description = "table, json or plain (default: table).")
        ListCommand.Format format = ListCommand.Format.TABLE;

        @Override
        public Integer call() {
            Io io = parent.root.io();
            Caches caches = parent.caches(engine.engine);
            List<CacheInfo> list = caches.list();
            List<HomeVolumeInfo> homes = caches.homeVolumes();
            CacheUsage usage = CacheUsage.of(list, parent.root.loadConfig().cache().maxTotalGb());
            switch (format) {
                case JSON -> io.stdout().print(CacheListing.json(list, homes, usage));
                case PLAIN -> io.stdout().print(CacheListing.plain(list, homes));
                case TABLE -> {
                    if (list.isEmpty() && homes.isEmpty()) {
                        io.outRenderer().info("No cache or home volumes found.");
                    } else {
                        io.stdout().print(CacheListing.table(list, homes, usage, io.outRenderer()));
                    }
                }
            }
            io.stdout().flush();
            return 0;
        }
    }

    /** {@code mino cache info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the caches of a project's lockfiles")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Mixin
        EngineOption engine;

        @Option(names = {"-p", "--project"}, paramLabel = "DIR", description = "Project directory (default: the "
            + "current directory).")
        Path project;

        @Override
        public Integer call() {
            Io io = parent.root.io();
            Path dir = project == null ? io.cwd() : io.cwd().resolve(project).normalize();
            try {
                dir = dir.toRealPath();
            } catch (IOException e) {
                // Used as given, as mino 1.6.0 does: the lockfile search then finds nothing.
            }
            Caches caches = parent.caches(engine.engine);
            List<CacheInfo> forProject = caches.forProject(dir);
            List<CacheInfo> all = caches.list();
            MinoConfig.Cache settings = parent.root.loadConfig().cache();
            Renderer out = io.outRenderer();
            out.intro("Project Cache Info");
            out.keyValue("Project", dir.toString());
            if (forProject.isEmpty()) {
                out.info("No lockfiles detected in this project.");
            } else {
                out.section("Detected lockfiles");
                forProject.forEach(c -> out.info(c.ecosystem() + " (hash: " + c.hash() + ")"));
                out.section("Cache status");
                for (CacheInfo c : forProject) {
                    String size = c.sizeBytes() > 0 ? " (" + ByteSize.format(c.sizeBytes()) + ")" : "";
                    switch (c.state()) {
                        case COMPLETE -> out.ok(c.ecosystem() + " - complete" + size, c.volume());
                        case BUILDING -> out.warn(c.ecosystem() + " - building" + size + " (" + c.volume() + ")",
                            "complete after a run that exits with 0");
                        case MISS -> out.info(c.ecosystem() + ": miss (will create " + c.volume() + ")");
                    }
                }
            }
            long projectBytes = forProject.stream().mapToLong(CacheInfo::sizeBytes).sum();
            io.stdout().println();
            io.stdout().println("Project cache size: " + ByteSize.format(projectBytes));
            io.stdout().println("Total cache usage: " + CacheUsage.of(all, settings.maxTotalGb()).text());
            return 0;
        }
    }

    /** {@code mino cache gc}. */
    @Command(name = "gc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove caches unused for N days, over the size limit, or orphaned",
        footer = {"", "The size limit is cache.max_total_gb (GiB; 0 for none): the least recently used caches go "
            + "first until the rest fit. Orphaned caches (no project that used them has their lockfile any more) "
            + "and home volumes of deleted projects go too. Volumes in use by a running sandbox are kept."})
    static final class Gc implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Mixin
        EngineOption engine;

        @Option(names = "--days", paramLabel = "N",
            description = "Remove caches not used for N days (default: cache.gc_days; 0 turns age off).")
        Long days;

        @Option(names = "--dry-run", description = "Only show what would be removed.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (days != null && (days < 0 || days > 4_294_967_295L)) {
                throw new ParameterException(spec.commandLine(), "invalid value '" + days + "' for '--days <N>': "
                    + "expected a whole number from 0 to 4294967295");
            }
            Io io = parent.root.io();
            MinoConfig.Cache settings = parent.root.loadConfig().cache();
            long maxDays = days != null ? days : settings.gcDays();
            long limit = ByteSize.gibibytes(settings.maxTotalGb());
            Caches caches = parent.caches(engine.engine);
            List<CacheInfo> before = caches.list();
            Map<String, HomeVolumeInfo> homes = caches.homeVolumes().stream()
                .collect(Collectors.toMap(HomeVolumeInfo::volume, Function.identity()));
            Renderer out = io.outRenderer();
            out.intro("Cache Garbage Collection");
            out.keyValue("Current usage", CacheUsage.of(before, settings.maxTotalGb()).text());
            out.keyValue("Rules", (maxDays > 0 ? "unused for " + maxDays + " days" : "no age limit") + ", "
                + (limit > 0 ? "size limit " + ByteSize.format(limit) : "no size limit") + ", orphans");
            CacheGcResult result = caches.gc(Duration.ofDays(maxDays), limit, dryRun);
            report(result, before, homes, maxDays, out);
            return 0;
        }

        static void report(CacheGcResult result, List<CacheInfo> before, Map<String, HomeVolumeInfo> homes,
                           long maxDays, Renderer out) {
            Map<String, CacheInfo> known = before.stream()
                .collect(Collectors.toMap(CacheInfo::volume, Function.identity()));
            if (result.caches().isEmpty() && result.homeVolumes().isEmpty() && result.skipped().isEmpty()) {
                out.outroOk("Nothing to remove.");
                return;
            }
            String verb = result.dryRun() ? "Would remove" : "Removed";
            if (!result.caches().isEmpty()) {
                out.section(verb + " " + result.caches().size() + " cache(s) ("
                    + ByteSize.format(result.freedBytes()) + ")");
                for (CacheGcResult.Removal removal : result.caches()) {
                    String size = removal.sizeBytes() > 0 ? " (" + ByteSize.format(removal.sizeBytes()) + ")" : "";
                    out.warn(removal.volume() + size + " - " + why(removal, known.get(removal.volume()), maxDays));
                }
            }
            if (!result.homeVolumes().isEmpty()) {
                out.section(verb + " " + result.homeVolumes().size() + " orphaned home volume(s) (project deleted)");
                for (String home : result.homeVolumes()) {
                    HomeVolumeInfo info = homes.get(home);
                    out.warn(home + (info == null ? "" : " (" + info.project() + ")"));
                }
            }
            if (!result.skipped().isEmpty()) {
                out.section("Kept " + result.skipped().size() + " volume(s) in use by a running sandbox");
                result.skipped().forEach(out::remark);
            }
            if (result.dryRun()) {
                out.outroWarn("Dry run: nothing removed.");
            } else {
                out.outroOk("Removed " + result.caches().size() + " cache(s), freed "
                    + ByteSize.format(result.freedBytes())
                    + (result.homeVolumes().isEmpty() ? "" : " + " + result.homeVolumes().size()
                        + " orphaned home volume(s)"));
            }
        }

        /** Why a cache was chosen, in words. */
        static String why(CacheGcResult.Removal removal, CacheInfo cache, long maxDays) {
            return switch (removal.reason()) {
                case AGE -> cache == null ? "unused for more than " + maxDays + " days"
                    : "unused for " + Duration.between(cache.lastUsedAt(), Instant.now()).toDays() + " days (limit "
                        + maxDays + ")";
                case SIZE -> "over the size limit, least recently used";
                case ORPHANED -> "orphaned: no project that used it has its lockfile any more";
            };
        }
    }

    /** {@code mino cache clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove all cache volumes, composed images and/or home volumes")
    static final class Clear implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Mixin
        EngineOption engine;

        @Spec
        CommandSpec spec;

        @Option(names = "--volumes", description = "Every dependency cache volume.")
        boolean volumes;

        @Option(names = "--images", description = "Every composed layer image (rebuilt on the next run).")
        boolean images;

        @Option(names = "--home", description = "Every persistent home volume.")
        boolean home;

        @Option(names = "--all", description = "All three.")
        boolean all;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            if (all && (volumes || images || home)) {
                throw new ParameterException(spec.commandLine(), "the argument '--all' cannot be used with '"
                    + (volumes ? "--volumes" : images ? "--images" : "--home") + "'");
            }
            if (!all && !volumes && !images && !home) {
                throw new ParameterException(spec.commandLine(),
                    "one of '--volumes', '--images', '--home' or '--all' is required");
            }
            boolean clearVolumes = all || volumes;
            boolean clearImages = all || images;
            boolean clearHome = all || home;
            Io io = parent.root.io();
            Renderer out = io.outRenderer();
            Caches caches = parent.caches(engine.engine);
            List<CacheInfo> cacheList = clearVolumes ? caches.list() : List.of();
            List<HomeVolumeInfo> homeList = clearHome ? caches.homeVolumes() : List.of();
            out.intro("Cache Clear");
            if (cacheList.isEmpty() && homeList.isEmpty() && !clearImages) {
                out.info("Nothing to clear.");
                return 0;
            }
            if (!cacheList.isEmpty()) {
                out.warn("This will remove " + cacheList.size() + " cache volume(s) ("
                    + ByteSize.format(cacheList.stream().mapToLong(CacheInfo::sizeBytes).sum()) + ")");
                cacheList.forEach(c -> out.remark(c.volume()));
            }
            if (clearImages) {
                out.warn("This will remove every composed layer image (mino-composed-*) not in use");
            }
            if (!homeList.isEmpty()) {
                out.warn("This will remove " + homeList.size() + " home volume(s)");
                homeList.forEach(h -> out.remark(h.volume() + " (" + h.project() + ")"));
            }
            if (!yes && !Confirmation.ask(io, "Are you sure you want to proceed?")) {
                out.outroWarn("Aborted.");
                return 0;
            }
            List<String> removed = caches.clear(clearVolumes, clearImages, clearHome);
            out.outroOk(summary(removed, cacheList, homeList));
            List<String> kept = new ArrayList<>();
            cacheList.stream().map(CacheInfo::volume).filter(v -> !removed.contains(v)).forEach(kept::add);
            homeList.stream().map(HomeVolumeInfo::volume).filter(v -> !removed.contains(v)).forEach(kept::add);
            kept.forEach(v -> out.remark("Kept " + v + ": in use by a running sandbox"));
            return 0;
        }

        /** {@code Cleared <n> cache volume(s) (<size>) + <m> image(s) + <k> home volume(s)}. */
        static String summary(List<String> removed, List<CacheInfo> caches, List<HomeVolumeInfo> homes) {
            List<String> cacheNames = caches.stream().map(CacheInfo::volume).toList();
            List<String> homeNames = homes.stream().map(HomeVolumeInfo::volume).toList();
            long cacheCount = removed.stream().filter(cacheNames::contains).count();
            long cacheBytes = caches.stream().filter(c -> removed.contains(c.volume()))
                .mapToLong(CacheInfo::sizeBytes).sum();
            long homeCount = removed.stream().filter(homeNames::contains).count();
            long imageCount = removed.size() - cacheCount - homeCount;
            List<String> parts = new ArrayList<>();
            if (cacheCount > 0) {
                parts.add(cacheCount + " cache volume(s) (" + ByteSize.format(cacheBytes) + ")");
            }
            if (imageCount > 0) {
                parts.add(imageCount + " image(s)");
            }
            if (homeCount > 0) {
                parts.add(homeCount + " home volume(s)");
            }
            return parts.isEmpty() ? "Nothing to clear" : "Cleared " + String.join(" + ", parts);
        }
    }
}
