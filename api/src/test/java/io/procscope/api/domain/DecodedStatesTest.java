package io.procscope.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedStatesTest {

    /** What a state of {@link #ROWS} copies of {@link StateCodecTest#FULL} is estimated at. */
    static final int ROWS = 100;

    static final long STATE_BYTES = DecodedStates.estimateBytes(state(1, 1, 1).processes());

    @Test
    void estimatesRowsAndTheLengthsOfTheirStrings() {
        TrackedProcess p = StateCodecTest.FULL;
        long strings = DecodedStates.stringBytes(p.name())
                + DecodedStates.stringBytes(p.exe())
                + DecodedStates.stringBytes(p.commandLine())
                + DecodedStates.stringBytes(p.user())
                + DecodedStates.stringBytes(p.cwd());

        assertThat(STATE_BYTES).isEqualTo(DecodedStates.ENTRY_BYTES + ROWS * (DecodedStates.ROW_BYTES + strings));
        assertThat(DecodedStates.stringBytes(null)).isZero();
        assertThat(DecodedStates.stringBytes("postgres")).isEqualTo(DecodedStates.STRING_BYTES + 8);
        assertThat(DecodedStates.stringBytes("x".repeat(4096))).isEqualTo(DecodedStates.STRING_BYTES + 4096);
        assertThat(DecodedStates.stringBytes("進程".repeat(2048)))
                .as("two bytes a character past Latin-1")
                .isEqualTo(DecodedStates.STRING_BYTES + 8192);
    }

    @Test
    void estimatesAStateFromTheOneBeforeAsFromItsRows() {
        List<TrackedProcess> before = Collections.nCopies(ROWS, StateCodecTest.FULL);
        List<TrackedProcess> after = new java.util.ArrayList<>(before.subList(0, ROWS - 3));
        TrackedProcess started = new TrackedProcess(
                9,
                1,
                1L,
                "cron",
                null,
                "/usr/sbin/cron -f",
                "root",
                "/",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1L,
                null,
                null,
                null,
                null,
                null);
        after.add(started);
        long change = DecodedStates.rowStringBytes(started) - 3 * DecodedStates.rowStringBytes(StateCodecTest.FULL);

        assertThat(DecodedStates.estimateBytesAfter(DecodedStates.estimateBytes(before), ROWS, after.size(), change))
                .isEqualTo(DecodedStates.estimateBytes(after));
    }

    @Test
    void answersTheBytesAStateIsHeldWithOnlyForItsSnapshot() {
        DecodedStates states = new DecodedStates(3 * STATE_BYTES);
        put(states, state(1, 10, 1_000));

        assertThat(states.bytesOf(1, 10)).isEqualTo(STATE_BYTES);
        assertThat(states.bytesOf(1, 11)).isEqualTo(-1);
        assertThat(states.bytesOf(2, 10)).isEqualTo(-1);
    }

    @Test
    void evictsTheLeastRecentlyUsedOnceTheBytesAreSpent() {
        DecodedStates states = new DecodedStates(3 * STATE_BYTES);
        put(states, state(1, 10, 1_000));
        put(states, state(2, 20, 1_000));
        put(states, state(3, 30, 1_000));
        assertThat(states.get(1, 10))
                .as("host 1 read: host 2 is now the least recently used")
                .isNotNull();

        put(states, state(4, 40, 1_000));

        assertThat(states.get(2, 20)).isNull();
        assertThat(states.get(1, 10)).isNotNull();
        assertThat(states.get(3, 30)).isNotNull();
        assertThat(states.get(4, 40)).isNotNull();
        assertThat(states.bytes()).isEqualTo(3 * STATE_BYTES);
    }

    @Test
    void oneLargeStateTakesThePlaceOfSeveralSmallOnes() {
        DecodedStates states = new DecodedStates(4 * STATE_BYTES);
        for (long host = 1; host <= 4; host++) {
            put(states, state(host, host, 1_000));
        }
        CurrentState large = new CurrentState(9, 9, 1_000, Collections.nCopies(3 * ROWS, StateCodecTest.FULL));

        put(states, large);

        assertThat(states.size())
                .as("three hosts of 100 rows made room for one of 300")
                .isEqualTo(2);
        assertThat(states.get(4, 4)).isNotNull();
        assertThat(states.get(9, 9)).isSameAs(large);
        assertThat(states.bytes()).isLessThanOrEqualTo(4 * STATE_BYTES);
    }

    @Test
    void keepsNoStateLargerThanTheWholeBoundAndKeepsTheOthers() {
        DecodedStates states = new DecodedStates(2 * STATE_BYTES);
        put(states, state(1, 1, 1_000));
        put(states, state(2, 2, 1_000));

        put(states, new CurrentState(3, 3, 1_000, Collections.nCopies(3 * ROWS, StateCodecTest.FULL)));

        assertThat(states.get(3, 3)).isNull();
        assertThat(states.get(1, 1)).isNotNull();
        assertThat(states.get(2, 2)).isNotNull();
    }

    @Test
    void aNewerStateOfAHostReplacesItsOlderOneAndItsBytes() {
        DecodedStates states = new DecodedStates(10 * STATE_BYTES);
        put(states, state(1, 10, 1_000));
        put(states, state(1, 11, 2_000));
        put(states, state(1, 9, 500)); // a late delivery committed after the newer one: ignored

        assertThat(states.get(1, 10))
                .as("an entry serves only its own snapshot")
                .isNull();
        assertThat(states.get(1, 11)).isNotNull();
        assertThat(states.size()).isEqualTo(1);
        assertThat(states.bytes()).isEqualTo(STATE_BYTES);

        states.remove(1);
        assertThat(states.bytes()).isZero();
    }

    private static void put(DecodedStates states, CurrentState state) {
        states.put(state, DecodedStates.estimateBytes(state.processes()));
    }

    static CurrentState state(long hostId, long snapshotId, long collectedAtMillis) {
        List<TrackedProcess> processes = Collections.nCopies(ROWS, StateCodecTest.FULL);
        return new CurrentState(hostId, snapshotId, collectedAtMillis, processes);
    }
}
