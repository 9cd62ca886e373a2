package io.procscope.api.domain;

/**
 * How the fleet's system metrics are added up as reports arrive ({@code fleet_metrics}): the bucket
 * widths kept, and the stripes that spread one bucket's writes over several rows.
 */
public final class FleetBuckets {

    /** Bucket widths kept, ms, finest first: 10 s, 1 min, 5 min, 1 h, 1 day. */
    public static final long[] RESOLUTIONS = {10_000, 60_000, 300_000, 3_600_000, 86_400_000};

    /**
     * Rows one bucket is spread over. More stripes let more reports be stored at once without
     * waiting for each other's bucket rows; a read adds up this many rows per bucket.
     */
    public static final int STRIPES = 8;

    private FleetBuckets() {}

    /** The stripe a host's reports add to. */
    public static int stripe(long hostId) {
        return (int) Math.floorMod(hostId, (long) STRIPES);
    }

    /** The start of the bucket of width {@code resolution} that holds {@code atMillis}. */
    public static long bucket(long atMillis, long resolution) {
        return Math.floorDiv(atMillis, resolution) * resolution;
    }
}
