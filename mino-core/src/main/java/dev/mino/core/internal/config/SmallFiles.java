package dev.mino.core.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads files that are small by nature (configuration, the trust store) without trusting them to
 * be: a file larger than its limit is refused before it is read, and the read itself stops one
 * byte past the limit, so a file that grows meanwhile (or a device file behind a link) cannot
 * exhaust the heap. Only regular files are read; a FIFO would block the reader forever.
 */
public final class SmallFiles {

    /** The most a configuration file may hold: 1 MiB, hundreds of times a real one. */
    public static final int CONFIG_LIMIT = 1 << 20;

    private SmallFiles() {
    }

    /** A file is larger than its limit. */
    public static final class TooLargeException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        /**
         * @param file the file
         * @param limit the limit in bytes it exceeds
         */
        TooLargeException(Path file, int limit) {
            super(file.toString(), null, "larger than " + limit + " bytes");
        }
    }

    /**
     * The whole content of a regular file of at most {@code limit} bytes.
     *
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to refuse a symbolic link (the open fails)
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws TooLargeException when it holds more than {@code limit} bytes
     * @throws FileSystemException when it is not a regular file
     * @throws IOException when it cannot be read
     */
    public static byte[] read(Path file, int limit, LinkOption... options) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, options);
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "not a regular file");
        }
        if (attributes.size() > limit) {
            throw new TooLargeException(file, limit);
        }
        try (InputStream in = Files.newInputStream(file, options)) {
            byte[] content = in.readNBytes(limit + 1);
            if (content.length > limit) {
                throw new TooLargeException(file, limit);
            }
            return content;
        }
    }

    /** A limit in words, e.g. {@code 1 MiB}. */
    public static String describe(int limit) {
        return limit % (1 << 20) == 0 ? limit / (1 << 20) + " MiB" : limit + " bytes";
    }
}
