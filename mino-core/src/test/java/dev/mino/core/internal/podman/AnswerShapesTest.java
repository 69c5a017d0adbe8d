package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer records read the JSON Podman 4.3.1 really sent (copied from the live service). */
class AnswerShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void diskUsageGivesTheSizeOfEachVolumeAndImage() throws IOException {
        String answer = "{\"Images\":[{\"Repository\":\"localhost/mino-test-busybox\",\"Tag\":\"latest\","
            + "\"ImageID\":\"07b607c3c1aed80f07e78852d2b5e60471d2da49e3d1145b99eea95f5433abc6\","
            + "\"Created\":\"2026-11-29T12:42:11.86563343Z\",\"Size\":2141314,\"SharedSize\":0,"
            + "\"UniqueSize\":2141314,\"Containers\":0}],\"Containers\":[],"
            + "\"Volumes\":[{\"VolumeName\":\"mino-probe-df\",\"Links\":1,\"Size\":65536,\"ReclaimableSize\":0},"
            + "{\"VolumeName\":\"other\",\"Links\":0,\"Size\":0,\"ReclaimableSize\":0}]}";

        SystemApi.DiskUsage usage = JSON.readValue(answer, SystemApi.DiskUsage.class);

        assertEquals(Map.of("mino-probe-df", 65536L, "other", 0L), usage.volumeSizes());
        assertEquals(1, usage.volume("mino-probe-df").orElseThrow().links());
        assertTrue(usage.volume("nope").isEmpty());
        SystemApi.ImageUsage image = usage.images().get(0);
        assertEquals("localhost/mino-test-busybox", image.repository());
        assertEquals("latest", image.tag());
        assertEquals(2141314L, image.size());
        assertEquals(64, image.id().length());
    }

    @Test
    void emptyDiskUsageHasEmptyLists() throws IOException {
        SystemApi.DiskUsage usage = JSON.readValue("{\"Images\":null,\"Volumes\":[]}", SystemApi.DiskUsage.class);

        assertEquals(List.of(), usage.images());
        assertEquals(Map.of(), usage.volumeSizes());
    }

    @Test
    void anImageIsDanglingOnlyWhenPodmanSaysSo() throws IOException {
        String answer = "[{\"Id\":\"12c73b89a61e703143b033e47a31d76e02f1edbee71d3cd2c0a1c86747e0bcb1\","
            + "\"ParentId\":\"\",\"RepoTags\":[\"localhost/x:latest\"],\"Created\":1795956551,\"Size\":2146712,"
            + "\"Labels\":{\"dev.mino.test\":\"true\"},\"Containers\":0,\"Names\":[\"localhost/x:latest\"]},"
            + "{\"Id\":\"ab\",\"RepoTags\":null,\"Names\":null,\"Labels\":null,\"Dangling\":true}]";

        ImagesApi.ImageSummary[] images = JSON.readValue(answer, ImagesApi.ImageSummary[].class);

        assertFalse(images[0].dangling());
        assertEquals(List.of("localhost/x:latest"), images[0].repoTags());
        assertEquals(1795956551L, images[0].created());
        assertEquals("true", images[0].labels().get("dev.mino.test"));
        assertTrue(images[1].dangling());
        assertEquals(List.of(), images[1].repoTags());
        assertEquals(Map.of(), images[1].labels());
    }

    @Test
    void aListedSecretHasNoLabelsButAnInspectedOneHas() throws IOException {
        String listed = "{\"ID\":\"a34fdadb08e9c010e2c548cf8\",\"CreatedAt\":\"2026-11-29T12:48:45.047436913Z\","
            + "\"UpdatedAt\":\"2026-11-29T12:48:45.047436913Z\",\"Spec\":{\"Name\":\"mino-probe-sec\","
            + "\"Driver\":{\"Name\":\"file\",\"Options\":{\"path\":\"/x\"}},\"Labels\":null}}";
        String inspected = listed.replace("\"Labels\":null", "\"Labels\":{\"dev.mino.test\":\"true\"}");

        SecretsApi.Secret fromList = JSON.readValue(listed, SecretsApi.Secret.class);
        SecretsApi.Secret fromInspect = JSON.readValue(inspected, SecretsApi.Secret.class);

        assertEquals("mino-probe-sec", fromList.name());
        assertEquals("file", fromList.spec().driver().name());
        assertEquals(Map.of(), fromList.labels());
        assertEquals(Map.of("dev.mino.test", "true"), fromInspect.labels());
    }

    @Test
    void aNetworkReadsItsSnakeCaseFields() throws IOException {
        String answer = "{\"name\":\"mino-probe-net\",\"id\":\"69c1a246cc0d\",\"driver\":\"bridge\","
            + "\"network_interface\":\"podman1\",\"created\":\"2026-11-29T12:48:44.958925521Z\","
            + "\"subnets\":[{\"subnet\":\"10.89.0.0/24\"}],\"ipv6_enabled\":false,\"internal\":true,"
            + "\"dns_enabled\":false,\"labels\":{\"dev.mino.test\":\"true\"},"
            + "\"ipam_options\":{\"driver\":\"host-local\"}}";

        NetworksApi.Network network = JSON.readValue(answer, NetworksApi.Network.class);

        assertEquals("podman1", network.networkInterface());
        assertTrue(network.internal());
        assertFalse(network.dnsEnabled());
        assertEquals("10.89.0.0/24", network.subnets().get(0).subnet());
        assertNull(network.subnets().get(0).gateway());
        assertEquals(Map.of("dev.mino.test", "true"), network.labels());
    }

    @Test
    void aVolumeReadsItsFields() throws IOException {
        String answer = "{\"Name\":\"mino-probe-df\",\"Driver\":\"local\",\"Mountpoint\":\"/home/minotest/.local/share/"
            + "containers/storage/volumes/mino-probe-df/_data\",\"CreatedAt\":\"2026-11-29T12:48:42.107872245Z\","
            + "\"Labels\":{\"dev.mino.test\":\"true\"},\"Scope\":\"local\",\"Options\":{},\"MountCount\":0,"
            + "\"NeedsCopyUp\":true,\"NeedsChown\":true}";

        VolumesApi.Volume volume = JSON.readValue(answer, VolumesApi.Volume.class);

        assertEquals("mino-probe-df", volume.name());
        assertEquals("local", volume.driver());
        assertTrue(volume.mountpoint().endsWith("/_data"));
        assertEquals(Map.of("dev.mino.test", "true"), volume.labels());
        assertEquals(Map.of(), volume.options());
    }
}
