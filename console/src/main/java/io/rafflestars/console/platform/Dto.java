package io.rafflestars.console.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The console API's JSON shapes as the console reads them (backend/src/main/resources/openapi.yaml). */
public final class Dto {
    private Dto() {}

    public record Tokens(
            String accessToken,
            long expiresIn,
            String refreshToken,
            Instant refreshExpiresAt,
            String username,
            List<String> roles) {}

    public record Page<T>(List<T> items, long total, int limit, long offset) {}

    /** A page read by cursor: pass {@code nextAfter} (or {@code nextBefore}) back for the next one. */
    public record Cursor<T>(List<T> items, Long nextAfter, Long nextBefore) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prize(int place, Integer shareBps, Long fixedAmount) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RaffleSpec(
            String title,
            String description,
            long ticketPrice,
            int totalTickets,
            int perPlayerCap,
            Integer minTickets,
            Instant startsAt,
            Instant endsAt,
            String drawMode,
            int houseFeeBps,
            String prizeChannel,
            String repeatWinnerPolicy,
            boolean sweepstakes,
            String jurisdictionNote,
            List<Prize> prizes) {}

    public record Raffle(
            long id,
            RaffleSpec spec,
            String state,
            String commitment,
            String ticketsHash,
            int ticketsSold,
            int ticketsHeld,
            long version,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Instant closedAt,
            Instant cancelledAt,
            String cancelReason) {
        public String title() {
            return spec.title();
        }
    }

    public record SalesDay(LocalDate day, long tickets, long starsReceived, long starsRefunded) {}

    public record Sales(
            long raffleId,
            int ticketsSold,
            int ticketsHeld,
            int totalTickets,
            long payments,
            long starsReceived,
            long starsRefunded,
            long refunds,
            long starsRefundDue,
            long starsNet,
            List<SalesDay> perDay) {}

    public record Participant(
            long playerId,
            String firstName,
            String username,
            long tickets,
            long voidedTickets,
            long starsPaid,
            Instant firstTicketAt) {}

    public record TicketRow(long number, long playerId, Long paymentId, Instant createdAt, Instant voidedAt) {}

    public record Payout(
            long id,
            long raffleId,
            String raffleTitle,
            int place,
            Integer ticketNumber,
            long playerId,
            String playerName,
            long amount,
            String channel,
            String state,
            int approvals,
            int approvalsRequired,
            List<String> approvedBy,
            String drawnBy,
            String requestedBy,
            Instant createdAt,
            long ageSeconds,
            String lastError,
            String externalReference) {}

    public record User(String username, List<String> roles, boolean enabled, String createdBy, Instant createdAt) {}

    public record AuditRecord(
            long seq,
            Instant at,
            String actor,
            String source,
            String action,
            String targetType,
            String targetId,
            String before,
            String after,
            String hash) {}

    public record AuditVerification(boolean intact, long rowsChecked, String headHash, Long brokenSeq, String reason) {}

    public record Account(
            long id,
            String code,
            String type,
            String name,
            Long raffleId,
            Long playerId,
            long debitsPosted,
            long creditsPosted,
            long debitsPending,
            long creditsPending,
            long balance,
            Long available) {}

    public record LedgerEntry(
            long seq,
            String id,
            Instant at,
            String kind,
            String phase,
            String debit,
            String credit,
            long amount,
            String referenceType,
            String referenceId) {}

    public record TrialLine(
            String type,
            long accounts,
            long debits,
            long credits,
            long debitsPending,
            long creditsPending,
            long balance) {}

    public record TrialBalance(
            List<TrialLine> lines,
            long debits,
            long credits,
            long debitsPending,
            long creditsPending,
            boolean balanced) {}

    public record RaffleResult(
            long raffleId,
            String title,
            String state,
            long paid,
            long refunded,
            long houseFee,
            long prizes,
            long paidOut,
            long forfeited,
            long potBalance,
            long prizesOwed) {}

    public record Mismatch(
            long id,
            String kind,
            String chargeId,
            Long ourAmount,
            Long telegramAmount,
            String detail,
            Instant foundAt,
            Instant resolvedAt,
            String resolvedBy,
            String resolution) {}
}
