package dev.mino.core;

import java.util.List;

/**
 * Building an image failed. Podman reports a failed build inside a successful (200) answer, so
 * {@link #status()} is 200; the failing step is in the message and the output that led up to it in
 * {@link #lastOutput()}.
 */
public class ImageBuildException extends PodmanException {
    private static final long serialVersionUID = 1L;

    private final List<String> lastOutput;

    /**
     * @param message what failed, including the error Podman reported
     * @param hint what to do about it
     * @param lastOutput the last lines of the build output, oldest first
     */
    public ImageBuildException(String message, String hint, List<String> lastOutput) {
        super(message, hint, 200, "");
        this.lastOutput = List.copyOf(lastOutput);
    }

    /** The last lines of the build output (at most 50), oldest first, without line breaks. */
    public List<String> lastOutput() {
        return lastOutput;
    }
}
