package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CutoffsTest {
    private static final String GOAL = "Housekeeping as of today, 20 June 2025: delete Jobs that completed successfully more than 7 days "
            + "ago (finished before 13 June), and ConfigMaps labelled generated=true that are older than 30 days (created before 21 May).";

    @Test
    void each_kind_takes_the_date_of_its_own_part_of_the_clause_and_the_year_the_goal_writes() {
        assertThat(Cutoffs.of(GOAL, GOAL.toLowerCase(), "jobs", 1999))
                .contains(new Cutoffs.Cutoff(LocalDate.of(2025, 6, 13), true));
        assertThat(Cutoffs.of(GOAL, GOAL.toLowerCase(), "configmaps", 1999))
                .contains(new Cutoffs.Cutoff(LocalDate.of(2025, 5, 21), false));
        assertThat(Cutoffs.of(GOAL, GOAL.toLowerCase(), "secrets", 1999)).isEmpty();
    }

    @Test
    void written_dates_count_in_three_spellings_and_a_relative_age_bounds_nothing() {
        assertThat(Cutoffs.of("delete the Jobs created before 2024-03-01", "", "jobs", 2030))
                .contains(new Cutoffs.Cutoff(LocalDate.of(2024, 3, 1), false));
        assertThat(Cutoffs.of("delete PVCs of builds that finished before March 3rd", "", "persistentvolumeclaims", 2026))
                .contains(new Cutoffs.Cutoff(LocalDate.of(2026, 3, 3), true));
        assertThat(Cutoffs.of("delete Jobs that completed more than 7 days ago", "", "jobs", 2026)).isEmpty();
        assertThat(Cutoffs.of("delete Jobs created before 31 February", "", "jobs", 2026)).as("no such day").isEmpty();
    }

    @Test
    void only_a_timestamp_gives_a_date() {
        assertThat(Cutoffs.dateOf("2025-06-17T21:16:40Z")).contains(LocalDate.of(2025, 6, 17));
        assertThat(Cutoffs.dateOf("")).isEmpty();
        assertThat(Cutoffs.dateOf("yesterday, more or less")).isEmpty();
    }
}
