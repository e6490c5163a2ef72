package dev.polystage.reports.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationStatsTest {

    @Test
    void nothingToDescribeIsCountZeroAndNulls() {
        assertEquals(new DurationStats(0, null, null, null, null, null, null), DurationStats.of(new long[0]));
    }

    @Test
    void percentilesAreNearestRankOfObservedValues() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (i + 1) * 10L; // 10 .. 1000
        }
        assertEquals(500, DurationStats.nearestRank(sorted, 50));
        assertEquals(900, DurationStats.nearestRank(sorted, 90));
        assertEquals(990, DurationStats.nearestRank(sorted, 99));
        assertEquals(1000, DurationStats.nearestRank(sorted, 100));
    }

    @Test
    void smallSamplesRoundRanksUp() {
        long[] sorted = {1_500, 2_000, 6_000};
        assertEquals(2_000, DurationStats.nearestRank(sorted, 50));
        assertEquals(6_000, DurationStats.nearestRank(sorted, 90));
        assertEquals(1_500, DurationStats.nearestRank(sorted, 1));
    }

    @Test
    void unsortedMillisBecomeSecondsWithAMeanRoundedToTheMillisecond() {
        DurationStats stats = DurationStats.of(new long[] {6_000, 1_500, 2_000});
        assertEquals(new DurationStats(3, 1.5, 2.0, 6.0, 6.0, 6.0, 3.167), stats);
    }
}
