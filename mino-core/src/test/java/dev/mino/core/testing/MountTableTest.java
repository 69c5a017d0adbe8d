package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final String SANDBOX = String.join("\n",
        "317 193 254:0 /home/u/.local/share/containers/storage/vfs/dir/d3 / ro,relatime - ext4 /dev/vda rw",
        "320 317 254:0 /tmp/my\\040project /my\\040project rw,relatime shared:5 - ext4 /dev/vda rw",
        "322 317 0:68 / /proc rw,nosuid - proc proc rw", "");

    @Test
    void readsDeviceRootAndMountPointWithOptionalFieldsAndEscapes() {
        List<MountTable.Mount> mounts = MountTable.parse(SANDBOX).mounts();
        assertEquals(3, mounts.size());
        assertEquals(new MountTable.Mount("254:0", "/tmp/my project", "/my project", "ext4"), mounts.get(1));
        assertEquals("proc", mounts.get(2).fsType());
    }

    @Test
    void aMountReachesWhatItShowsAndWhatHoldsIt() {
        MountTable.Mount project = MountTable.parse(SANDBOX).mounts().get(1);
        assertTrue(project.reaches(new MountTable.Place(Path.of("/tmp"), "254:0", "/tmp")));
        assertTrue(project.reaches(new MountTable.Place(Path.of("/x"), "254:0", "/tmp/my project/x")));
        assertFalse(project.reaches(new MountTable.Place(Path.of("/tmp"), "254:1", "/tmp")), "another device");
        assertFalse(project.reaches(new MountTable.Place(Path.of("/t"), "254:0", "/tmp/my")), "a name prefix only");
        assertTrue(project.startsInside(new MountTable.Place(Path.of("/tmp"), "254:0", "/tmp")));
        assertFalse(project.startsInside(new MountTable.Place(Path.of("/p"), "254:0", "/tmp/my project")), "at it");
        assertFalse(project.startsInside(new MountTable.Place(Path.of("/x"), "254:0", "/tmp/my project/x")));
    }

    @Test
    void locatesAHostPathOnTheFileSystemThatHoldsIt() {
        MountTable host = MountTable.ofThisProcess();
        MountTable.Place root = host.locate(Path.of("/"));
        assertEquals("/", root.path());
        MountTable.Place proc = host.locate(Path.of("/proc/self"));
        assertTrue(proc.path().matches("/[0-9]+"), proc.toString());
    }
}
