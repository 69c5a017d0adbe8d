package dev.mino.core.internal.cache;

/** Where a cache is (SPEC 9.5): no volume yet, being filled, or filled by a run that succeeded. */
public enum CacheState {
    MISS, BUILDING, COMPLETE;

    /** The lower-case name used in labels, sidecars and listings. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state of a label or sidecar value; anything unknown counts as building (SPEC 9.4). */
    public static CacheState fromLabel(String value) {
        return "complete".equals(value) ? COMPLETE : BUILDING;
    }
}
