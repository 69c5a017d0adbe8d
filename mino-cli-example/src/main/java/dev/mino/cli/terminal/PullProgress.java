package dev.mino.cli.terminal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the engine reports while it pulls an image (the {@code stream} lines of libpod's
 * pull, written by containers/image without a terminal) and says in a few words where the pull
 * is: which layer it copies, then the manifest. The engine reports no byte counts to an API
 * client, so the layers are counted.
 */
public final class PullProgress {
    private static final Pattern BLOB = Pattern.compile("Copying blob (?:sha256:)?([0-9a-f]{12})[0-9a-f]*(.*)");
    private static final Pattern TRYING = Pattern.compile("Trying to pull (\\S+?)(?:\\.\\.\\.)?");

    private final String reference;
    private int layers;
    private boolean started;
    private String tried;

    /** @param reference the image pulled, as the user named it */
    public PullProgress(String reference) {
        this.reference = reference;
    }

    /** Whether a line of the pull was described already. */
    boolean started() {
        return started;
    }

    /** The reference the engine last said it tries (a short name resolved to a registry), or the image as named. */
    public String tried() {
        return tried == null ? reference : tried;
    }

    /** How many layers the pull copied so far. */
    int layers() {
        return layers;
    }

    /**
     * The step that {@code line} starts, in words, for example
     * {@code Pulling ghcr.io/x:1: layer 2 (0123456789ab)}; a line that is no step (an empty one)
     * gives the pull alone.
     */
    String describe(String line) {
        started = true;
        String text = line.strip();
        Matcher trying = TRYING.matcher(text);
        if (trying.matches()) {
            String from = trying.group(1);
            tried = from;
            // A short name resolves to a registry: say which one is tried.
            return "Pulling " + reference + (from.equals(reference) ? "" : " from " + from);
        }
        Matcher blob = BLOB.matcher(text);
        if (blob.matches()) {
            layers++;
            String skipped = blob.group(2).contains("skipped") ? ", already here" : "";
            return "Pulling " + reference + ": layer " + layers + " (" + blob.group(1) + skipped + ")";
        }
        if (text.startsWith("Copying config")) {
            return "Pulling " + reference + ": image configuration";
        }
        if (text.startsWith("Writing manifest")) {
            return "Pulling " + reference + ": writing the manifest";
        }
        if (text.startsWith("Storing signatures")) {
            return "Pulling " + reference + ": storing signatures";
        }
        if (text.startsWith("Getting image source signatures")) {
            return "Pulling " + reference + ": checking signatures";
        }
        return text.isEmpty() ? "Pulling " + reference : "Pulling " + reference + ": " + text;
    }

    /** Whether {@code line} is one worth a line of its own in a log: a layer or the manifest. */
    static boolean milestone(String line) {
        String text = line.strip();
        return BLOB.matcher(text).matches() || text.startsWith("Copying config") || text.startsWith("Writing manifest");
    }
}
