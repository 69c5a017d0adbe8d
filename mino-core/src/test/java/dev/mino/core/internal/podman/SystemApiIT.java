package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RequiresPodman
class SystemApiIT {

    @Test
    void diskUsageListsAVolumeWithTheBytesWrittenIntoIt() {
        String run = TestObjects.uniqueName("run");
        String volume = TestObjects.uniqueName("vol");
        String container = null;
        try (PodmanClient client = TestPodman.newClient()) {
            try {
                client.volumes().create(volume, TestObjects.labels(run));
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("image", TestPodman.BUSYBOX_IMAGE);
                spec.put("name", TestObjects.uniqueName("ctr"));
                spec.put("command", List.of("dd", "if=/dev/zero", "of=/vol/data", "bs=1024", "count=256"));
                spec.put("user", "1000:1000");
                spec.put("labels", TestObjects.labels(run));
                spec.put("netns", Map.of("nsmode", "none"));
                spec.put("volumes", List.of(Map.of("Name", volume, "Dest", "/vol", "Options", List.of("rw"))));
                container = client.containers().create(spec).id();
                client.containers().start(container);
                assertEquals(0, client.containers().waitForExit(container, Duration.ofMillis(20)));

                SystemApi.DiskUsage usage = client.system().df();

                assertTrue(usage.volumeSizes().containsKey(volume), usage.volumeSizes().toString());
                SystemApi.VolumeUsage used = usage.volume(volume).orElseThrow();
                assertTrue(used.size() >= 256 * 1024, used.toString());
                assertEquals(1, used.links(), used.toString());
                SystemApi.ImageUsage busybox = usage.images().stream()
                    .filter(i -> TestPodman.BUSYBOX_IMAGE.equals(i.repository() + ":" + i.tag())).findFirst()
                    .orElseThrow(() -> new AssertionError(usage.images().toString()));
                assertTrue(busybox.size() > 0, busybox.toString());
                assertTrue(busybox.id().matches("[0-9a-f]{64}"), busybox.id());
            } finally {
                if (container != null) {
                    client.containers().remove(container, true);
                }
                if (client.volumes().inspect(volume).filter(v -> v.labels().equals(TestObjects.labels(run)))
                    .isPresent()) {
                    client.volumes().remove(volume, false);
                }
            }
        }
    }
}
