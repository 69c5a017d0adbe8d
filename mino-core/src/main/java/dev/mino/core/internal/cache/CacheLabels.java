package dev.mino.core.internal.cache;

/** The labels of cache and home volumes (SPEC 9.4 and 10.1), set once at creation. */
public final class CacheLabels {
    public static final String CACHE = "io.mino.cache";
    public static final String ECOSYSTEM = "io.mino.cache.ecosystem";
    public static final String HASH = "io.mino.cache.hash";
    /** The real path of the one project whose sandboxes use the cache (not in mino 1.6.0). */
    public static final String PROJECT = "io.mino.cache.project";
    public static final String STATE = "io.mino.cache.state";
    public static final String CREATED_AT = "io.mino.cache.created_at";
    public static final String HOME = "io.mino.home";
    public static final String HOME_PROJECT = "io.mino.home.project";
    public static final String HOME_CREATED_AT = "io.mino.home.created_at";
    /** On a sandbox's container: the cache volumes to mark complete when its command exits with 0. */
    public static final String TO_FINALIZE = "dev.mino.caches.pending";

    private CacheLabels() {
    }
}
