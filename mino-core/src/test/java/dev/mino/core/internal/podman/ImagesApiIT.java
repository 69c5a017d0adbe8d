package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ImageBuildException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPodman
class ImagesApiIT {
    private PodmanClient client;
    private final String run = TestObjects.uniqueName("run");
    private final List<String> images = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = TestPodman.newClient();
    }

    @AfterEach
    void cleanUp() {
        try {
            containers.forEach(id -> client.containers().remove(id, true));
            // Only what this test built and labelled: anything else is left alone.
            for (String ref : images) {
                boolean ours = client.images().list(new Filters().add("reference", ref)).stream()
                    .anyMatch(i -> i.repoTags().contains(ref) && run.equals(i.labels().get("dev.mino.test.run")));
                if (ours) {
                    client.images().remove(ref, true);
                }
            }
        } finally {
            client.close();
        }
    }

    private static InputStream context(String containerfile) {
        return new ByteArrayInputStream(TestTar.of(Map.of("Containerfile", containerfile)));
    }

    @Test
    void buildsAnImageReportingProgressThenListsAndRemovesIt() throws IOException {
        String tag = "localhost/" + TestObjects.uniqueName("img") + ":latest";
        images.add(tag);
        List<String> progress = new ArrayList<>();

        String id = client.images().build(context("FROM " + TestPodman.BUSYBOX_IMAGE + "\nRUN echo built > /built\n"),
            tag, TestObjects.labels(run), progress::add);

        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(progress.stream().anyMatch(l -> l.matches("STEP 1/\\d: FROM " + TestPodman.BUSYBOX_IMAGE)),
            progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.matches("STEP 2/\\d: RUN echo built > /built")),
            progress.toString());
        assertEquals(id, progress.get(progress.size() - 1));
        assertTrue(client.images().exists(tag));
        assertTrue(client.images().exists(id));

        List<ImagesApi.ImageSummary> listed = client.images().list(Filters.labels(TestObjects.labels(run)));
        assertEquals(1, listed.size(), listed.toString());
        ImagesApi.ImageSummary image = listed.get(0);
        assertEquals(id, image.id());
        assertEquals(List.of(tag), image.repoTags());
        assertEquals("true", image.labels().get(TestObjects.TEST_LABEL));
        assertFalse(image.dangling());
        assertTrue(image.size() > 0);
        assertTrue(image.created() > 1_600_000_000L);

        assertEquals("built\n", runCat(tag, "/built"));

        // The image is in use now: removing it needs force, which takes the container with it.
        assertThrows(dev.mino.core.PodmanConflictException.class, () -> client.images().remove(tag, false));
        assertTrue(client.images().remove(tag, true));
        assertFalse(client.images().exists(tag));
        assertFalse(client.images().exists(id));
        assertFalse(client.images().remove(tag, false));
        assertFalse(client.containers().exists(containers.get(0)));
    }

    @Test
    void aFailingStepRaisesTheErrorWithTheLastLinesOfOutput() {
        String tag = "localhost/" + TestObjects.uniqueName("img") + ":latest";
        images.add(tag);
        List<String> progress = new ArrayList<>();

        ImageBuildException e = assertThrows(ImageBuildException.class, () -> client.images().build(
            context("FROM " + TestPodman.BUSYBOX_IMAGE + "\nRUN echo about-to-fail; exit 3\n"), tag,
            TestObjects.labels(run), progress::add));

        assertTrue(e.getMessage().contains("exit status 3"), e.getMessage());
        assertTrue(e.getMessage().contains(tag), e.getMessage());
        assertTrue(e.lastOutput().contains("about-to-fail"), e.lastOutput().toString());
        assertTrue(e.lastOutput().stream().anyMatch(l -> l.startsWith("STEP 2/")), e.lastOutput().toString());
        assertTrue(progress.contains("about-to-fail"), progress.toString());
        assertFalse(client.images().exists(tag));
        assertEquals(List.of(), client.images().list(Filters.labels(TestObjects.labels(run))));
    }

    @Test
    void aContextThatCannotBeReadIsReportedAsSuch() {
        String tag = "localhost/" + TestObjects.uniqueName("img") + ":latest";
        images.add(tag);
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> client.images().build(broken, tag, TestObjects.labels(run), line -> { }));

        assertTrue(e.getMessage().contains("build context"), e.getMessage());
        assertFalse(client.images().exists(tag));
    }

    @Test
    void aMissingImageDoesNotExist() {
        assertFalse(client.images().exists("localhost/" + TestObjects.uniqueName("nope") + ":latest"));
        assertTrue(client.images().exists(TestPodman.BUSYBOX_IMAGE));
        assertFalse(client.images().remove("localhost/" + TestObjects.uniqueName("nope") + ":latest", false));
    }

    @Test
    void theIdOfAnImageAndAPullOfOneThatIsThereAlready() {
        String id = client.images().id(TestPodman.BUSYBOX_IMAGE).orElseThrow();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals(java.util.Optional.empty(), client.images().id("localhost/" + TestObjects.uniqueName("nope")
            + ":latest"));
        // Policy missing: a local image is not fetched again, and its id comes back.
        assertEquals(id, client.images().pull(TestPodman.BUSYBOX_IMAGE, line -> { }));
    }

    @Test
    void aPullThatFailsInsideItsStreamIsAnError() {
        // Connection refused at once: Podman reports it inside a 200 answer.
        dev.mino.core.PodmanException e = assertThrows(dev.mino.core.PodmanException.class,
            () -> client.images().pull("localhost:1/" + TestObjects.uniqueName("nope") + ":latest", line -> { }));
        assertTrue(e.getMessage().contains("pull image localhost:1/"), e.getMessage());
        assertFalse(e.hint().isBlank());
    }

    private String runCat(String image, String path) throws IOException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", image);
        spec.put("name", TestObjects.uniqueName("ctr"));
        spec.put("command", List.of("cat", path));
        spec.put("labels", TestObjects.labels(run));
        spec.put("netns", Map.of("nsmode", "none"));
        String id = client.containers().create(spec).id();
        containers.add(id);
        client.containers().start(id);
        assertEquals(0, client.containers().waitForExit(id, Duration.ofMillis(20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream logs = client.containers().logs(id, false, -1)) {
            StreamDemultiplexer.copy(logs, out, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
