package io.rafflestars.console.raffles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.console.platform.Dto;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editor's field rules and its conversion to the API's spec, without the toolkit. */
class RaffleEditorTest {
    private final RaffleEditor editor = new RaffleEditor(ZoneOffset.UTC);

    @Test
    void aBlankFormNamesTheMissingFieldsAndAFilledOneHasNoProblems() {
        editor.blank(Instant.parse("2026-12-04T10:00:30Z"));
        assertThat(editor.problems()).containsOnlyKeys("title", "description");
        editor.titleProperty().set("Moon Lottery");
        editor.descriptionProperty().set("Win the moon");
        assertThat(editor.problems()).isEmpty();
        Dto.RaffleSpec spec = editor.spec();
        assertThat(spec.startsAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(spec.endsAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(spec.prizes()).containsExactly(new Dto.Prize(1, 10_000, null));
    }

    @Test
    void fieldsAreCheckedAsTheBackendChecksThem() {
        editor.titleProperty().set("x".repeat(33));
        assertThat(editor.problem("title")).contains("at most 32");
        editor.priceProperty().set("1.5");
        assertThat(editor.problem("ticketPrice")).contains("whole number");
        editor.totalProperty().set("10");
        editor.capProperty().set("11");
        assertThat(editor.problem("perPlayerCap")).contains("cannot exceed");
        editor.endsAtProperty().set(editor.startsAtProperty().get());
        assertThat(editor.problem("endsAt")).contains("after the start");
        editor.startsAtProperty().set("tomorrow");
        assertThat(editor.problem("startsAt")).isNotNull();
    }

    @Test
    void aServerValidationErrorLandsOnItsFieldUntilCleared() {
        editor.titleProperty().set("Fine");
        editor.serverError("title", "title is taken");
        assertThat(editor.problem("title")).isEqualTo("title is taken");
        editor.clearServerError();
        assertThat(editor.problem("title")).isNull();
    }

    @Test
    void prizesAreSharesOrFixedStarsInPlaceOrder() {
        assertThat(RaffleEditor.parsePrizes("1: 70%, 2: 20.5%, 3: 500"))
                .containsExactly(
                        new Dto.Prize(1, 7000, null), new Dto.Prize(2, 2050, null), new Dto.Prize(3, null, 500L));
        assertThatThrownBy(() -> RaffleEditor.parsePrizes("2: 50%")).hasMessageContaining("in order");
        assertThatThrownBy(() -> RaffleEditor.parsePrizes("1: 70%, 2: 40%")).hasMessageContaining("more than 100%");
        assertThatThrownBy(() -> RaffleEditor.parsePrizes("1: lots")).hasMessageContaining("neither");
        assertThat(RaffleEditor.formatPrizes(List.of(new Dto.Prize(1, 7000, null), new Dto.Prize(2, null, 500L))))
                .isEqualTo("1: 70%, 2: 500");
    }

    @Test
    void confirmationsStateTheConsequences() {
        editor.titleProperty().set("Moon Lottery");
        editor.descriptionProperty().set("Win the moon");
        Dto.Raffle r = new Dto.Raffle(
                7, editor.spec(), "OPEN", "c", null, 312, 0, 3, "olga", Instant.now(), Instant.now(), null, null, null);
        Dto.Sales sales = new Dto.Sales(7, 312, 0, 100, 300, 15_600, 0, 0, 0, 15_600, List.of());
        assertThat(RafflesViewModel.consequence(RafflesViewModel.Action.CANCEL, r, sales))
                .contains("refunds 312 tickets, 15,600 ★");
        assertThat(RafflesViewModel.consequence(RafflesViewModel.Action.DRAW, r, sales))
                .contains("cannot be undone")
                .contains("312 tickets");
    }
}
