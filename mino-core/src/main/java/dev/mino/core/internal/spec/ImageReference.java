package dev.mino.core.internal.spec;

import java.util.regex.Pattern;

/**
 * The grammar of an OCI image reference ({@code [host[:port]/]path[:tag][@digest]}), checked
 * before Podman sees it so that a typo fails with a message that names it.
 */
public final class ImageReference {
    private static final String HOST_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = HOST_PART + "(?:\\." + HOST_PART + ")*(?::[0-9]+)?";
    private static final String PATH_PART = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
        "(?:" + HOST + "/)?" + PATH_PART + "(?:/" + PATH_PART + ")*(?::" + TAG + ")?(?:@" + DIGEST + ")?");

    private ImageReference() {
    }

    /** True when {@code value} is a well-formed image reference of at most 255 characters. */
    public static boolean isValid(String value) {
        return value != null && !value.isEmpty() && value.length() <= 255 && REFERENCE.matcher(value).matches();
    }
}
