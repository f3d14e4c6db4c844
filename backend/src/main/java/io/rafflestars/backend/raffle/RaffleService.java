package io.rafflestars.backend.raffle;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.Seed;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.raffle.Lifecycle;
import io.rafflestars.common.raffle.RaffleCommand;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Raffles and their lifecycle. Every command runs in one transaction: lock the raffle row, check the move against
 * {@link Lifecycle}, change it, write the outbox event. Illegal moves are refused with ILLEGAL_TRANSITION.
 */
public final class RaffleService {
    private final Transactions tx;
    private final Clock clock;
    private final CancellationHook cancellation;
    private final AuditLog audit;

    /** What else must happen, in the same transaction, when a raffle is cancelled: refunds. */
    public interface CancellationHook {
        void onCancelled(DbTransaction tx, Raffle raffle, String reason);
    }

    public RaffleService(Transactions tx, Clock clock, CancellationHook cancellation, AuditLog audit) {
        this.tx = tx;
        this.clock = clock;
        this.cancellation = Objects.requireNonNull(cancellation);
        this.audit = Objects.requireNonNull(audit);
    }

    public Raffle create(RaffleSpec spec, Actor actor) {
        RaffleSpec s = spec.validated();
        return tx.run(t -> {
            long id = t.createNamedGet("raffle-insert")
                    .params(specParams(s, actor.name()))
                    .execute()
                    .orElseThrow()
                    .column("id")
                    .getLong();
            insertPrizes(t, id, s.prizes());
            return after(t, null, id, "raffle.create", actor);
        });
    }

    /** Edits a raffle that has not opened yet. {@code expectedVersion} detects concurrent edits. */
    public Raffle update(long id, long expectedVersion, RaffleSpec spec, Actor actor) {
        RaffleSpec s = spec.validated();
        return tx.run(t -> {
            Raffle current = load(t, id, true);
            if (current.version() != expectedVersion) {
                throw new ApiException(
                        ErrorCode.VERSION_CONFLICT,
                        "Raffle " + id + " was changed by someone else (version " + current.version() + ", you edited "
                                + expectedVersion + "); reload and edit again");
            }
            if (!current.state().editable()) {
                throw new ApiException(
                        ErrorCode.ILLEGAL_TRANSITION,
                        "Raffle " + id + " is " + current.state().name().toLowerCase()
                                + " and can no longer be edited");
            }
            List<Object> params =
                    new java.util.ArrayList<>(specParams(s, actor.name()).subList(0, 15));
            params.add(id);
            t.createNamedUpdate("raffle-update-spec").params(params).execute();
            t.namedDelete("raffle-prizes-delete", id);
            insertPrizes(t, id, s.prizes());
            return after(t, current, id, "raffle.update", actor);
        });
    }

    public Raffle get(long id) {
        return tx.run(t -> load(t, id, false));
    }

    /** Raffles players can see and buy into soon or now. */
    public List<Raffle> listVisible(int limit) {
        return tx.run(t -> {
            try (var rows = t.namedQuery("raffle-list-visible", limit)) {
                return rows.map(row -> map(t, row)).toList();
            }
        });
    }

    public List<Raffle> listByState(RaffleState state, int limit) {
        return tx.run(t -> {
            try (var rows = t.namedQuery("raffle-list-by-state", state.name(), limit)) {
                return rows.map(row -> map(t, row)).toList();
            }
        });
    }

    /** DRAFT → SCHEDULED: draws the secret seed and publishes its commitment. */
    public Raffle publish(long id, Actor actor) {
        return tx.run(t -> {
            Raffle r = lockFor(t, id, RaffleCommand.PUBLISH);
            Seed seed = Seed.generate();
            t.namedUpdate("raffle-publish", seed.bytes(), seed.commitment(), id);
            return after(t, r, id, "raffle.publish", actor);
        });
    }

    /** SCHEDULED → OPEN; the scheduler does this at {@code starts_at}. */
    public Raffle open(long id, Actor actor) {
        return tx.run(t -> openIn(t, id, actor));
    }

    Raffle openIn(DbTransaction t, long id, Actor actor) {
        Raffle r = lockFor(t, id, RaffleCommand.OPEN);
        t.namedUpdate("raffle-open", id);
        return after(t, r, id, "raffle.open", actor);
    }

    public Raffle pause(long id, Actor actor) {
        return simple(id, RaffleCommand.PAUSE, RaffleState.PAUSED, actor);
    }

    public Raffle resume(long id, Actor actor) {
        return simple(id, RaffleCommand.RESUME, RaffleState.OPEN, actor);
    }

    /**
     * OPEN/PAUSED → CLOSED: fixes the ticket list and publishes its hash. If the raffle sold fewer than its minimum,
     * it is cancelled and refunded instead.
     */
    public Raffle close(long id, Actor actor) {
        return tx.run(t -> closeIn(t, id, actor));
    }

    Raffle closeIn(DbTransaction t, long id, Actor actor) {
        Raffle r = lockFor(t, id, RaffleCommand.CLOSE);
        Integer min = r.spec().minTickets();
        if (min != null && r.ticketsSold() < min) {
            return cancelIn(t, r, actor, "only " + r.ticketsSold() + " of the minimum " + min + " tickets were sold");
        }
        t.namedUpdate("raffle-release-all-holds", id);
        t.namedUpdate("raffle-close", ticketsHash(t, id), id);
        return after(t, r, id, "raffle.close", actor);
    }

    /** Any state before DRAWN → CANCELLED; every paid ticket is refunded. */
    public Raffle cancel(long id, Actor actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.invalid("reason", "reason is required to cancel a raffle");
        }
        return tx.run(t -> cancelIn(t, lockFor(t, id, RaffleCommand.CANCEL), actor, reason.strip()));
    }

    private Raffle cancelIn(DbTransaction t, Raffle r, Actor actor, String reason) {
        // money the cancellation moves at once (prize credit back to its players) is audited as this actor's
        AuditLog.actAs(t, actor);
        t.namedUpdate("raffle-release-all-holds", r.id());
        t.namedUpdate("raffle-cancel", reason, r.id());
        Raffle cancelled = load(t, r.id(), false);
        cancellation.onCancelled(t, cancelled, reason);
        announce(t, cancelled, actor);
        audit.append(t, AuditEntry.of(actor, "raffle.cancel", "raffle", r.id(), r, new Cancelled(cancelled, reason)));
        return cancelled;
    }

    /** The canonical hash of the raffle's valid tickets, as published at close and used by the draw. */
    static String ticketsHash(DbTransaction t, long raffleId) {
        try (var rows = t.namedQuery("raffle-valid-tickets", raffleId)) {
            List<DbRow> list = rows.toList();
            long[] numbers = new long[list.size()];
            long[] players = new long[list.size()];
            for (int i = 0; i < list.size(); i++) {
                numbers[i] = Rows.getLong(list.get(i), "number");
                players[i] = Rows.getLong(list.get(i), "player_id");
            }
            return ProvableDraw.ticketsHashHex(raffleId, TicketList.of(numbers, players));
        }
    }

    private Raffle simple(long id, RaffleCommand command, RaffleState to, Actor actor) {
        return tx.run(t -> {
            Raffle r = lockFor(t, id, command);
            t.namedUpdate("raffle-set-state", to.name(), id);
            return after(t, r, id, "raffle." + command.name().toLowerCase(java.util.Locale.ROOT), actor);
        });
    }

    /**
     * Locks the raffle and checks that {@code command} may be applied to it now (ILLEGAL_TRANSITION otherwise), in
     * the caller's transaction: for the draw and payout services, which change a raffle together with their own rows.
     */
    public Raffle lock(DbTransaction t, long id, RaffleCommand command) {
        return lockFor(t, id, command);
    }

    /** CLOSED → DRAWN inside the drawing transaction; {@code before} was locked with {@link #lock}. */
    public Raffle markDrawnIn(DbTransaction t, Raffle before, Actor actor) {
        t.namedUpdate("raffle-drawn", before.id());
        return after(t, before, before.id(), "raffle.draw", actor);
    }

    /** DRAWN → SETTLED inside the caller's transaction, once every payout of the raffle is executed or rejected. */
    public Raffle settleIn(DbTransaction t, long id, Actor actor) {
        Raffle r = lockFor(t, id, RaffleCommand.SETTLE);
        t.namedUpdate("raffle-set-state", RaffleState.SETTLED.name(), id);
        return after(t, r, id, "raffle.settle", actor);
    }

    /**
     * Records why an automatic draw was refused, so the scheduler stops retrying it; the raffle stays CLOSED for an
     * operator to decide (cancel and refund, or draw by hand once the cause is gone).
     */
    public void blockAutomaticDraw(long id, String reason, Actor actor) {
        tx.execute(t -> {
            Raffle r = load(t, id, true);
            t.namedUpdate("raffle-draw-blocked", reason, id);
            audit.append(t, AuditEntry.of(actor, "raffle.draw_blocked", "raffle", id, r, new Blocked(r.id(), reason)));
        });
    }

    /** What the audit log keeps when an automatic draw is refused. */
    record Blocked(long raffleId, String reason) {}

    /** Locks the raffle and checks that the command may be applied to its current state. */
    Raffle lockFor(DbTransaction t, long id, RaffleCommand command) {
        Raffle r = load(t, id, true);
        if (Lifecycle.apply(r.state(), command) instanceof Lifecycle.Illegal illegal) {
            throw new ApiException(ErrorCode.ILLEGAL_TRANSITION, illegal.message() + " (raffle " + id + ")");
        }
        return r;
    }

    /** Announces and audits a change, the audit row last (it holds the chain head until commit). */
    private Raffle after(DbTransaction t, Raffle before, long id, String action, Actor actor) {
        Raffle r = load(t, id, false);
        announce(t, r, actor);
        audit.append(t, AuditEntry.of(actor, action, "raffle", id, before, r));
        return r;
    }

    /** What the audit log keeps after a cancellation: the raffle and why. */
    record Cancelled(Raffle raffle, String reason) {}

    private static void announce(DbTransaction t, Raffle r, Actor actor) {
        Outbox.append(
                t,
                new FeedEvent.RaffleChanged(
                        r.id(),
                        r.state().name(),
                        r.spec().title(),
                        r.ticketsSold(),
                        r.spec().totalTickets(),
                        actor.name()));
    }

    /** Reads a raffle, optionally locking its row; NOT_FOUND when absent. */
    public static Raffle load(DbTransaction t, long id, boolean lock) {
        DbRow row = t.namedGet(lock ? "raffle-lock" : "raffle-get", id)
                .orElseThrow(() -> ApiException.notFound("No raffle " + id));
        return map(t, row);
    }

    static Raffle map(DbTransaction t, DbRow row) {
        long id = Rows.getLong(row, "id");
        List<Prize> prizes;
        try (var rows = t.namedQuery("raffle-prizes", id)) {
            prizes = rows.map(p -> new Prize(
                            Rows.getInt(p, "place"),
                            Rows.intOrNull(p, "share_bps"),
                            Rows.longOrNull(p, "fixed_amount")))
                    .toList();
        }
        RaffleSpec spec = new RaffleSpec(
                Rows.string(row, "title"),
                Rows.string(row, "description"),
                Rows.getLong(row, "ticket_price"),
                Rows.getInt(row, "total_tickets"),
                Rows.getInt(row, "per_player_cap"),
                Rows.intOrNull(row, "min_tickets"),
                Rows.instant(row, "starts_at"),
                Rows.instant(row, "ends_at"),
                RaffleSpec.DrawMode.valueOf(Rows.string(row, "draw_mode")),
                Rows.getInt(row, "house_fee_bps"),
                RaffleSpec.PrizeChannel.valueOf(Rows.string(row, "prize_channel")),
                RaffleSpec.RepeatPolicy.valueOf(Rows.string(row, "repeat_winner_policy")),
                Rows.bool(row, "sweepstakes"),
                Rows.string(row, "jurisdiction_note"),
                prizes,
                Rows.getInt(row, "free_entries_per_player"));
        return new Raffle(
                id,
                spec,
                RaffleState.valueOf(Rows.string(row, "state")),
                Rows.string(row, "commitment"),
                Rows.string(row, "tickets_hash"),
                Rows.getInt(row, "tickets_sold"),
                Rows.getInt(row, "tickets_held"),
                Rows.getLong(row, "version"),
                Rows.string(row, "created_by"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"),
                Rows.instant(row, "closed_at"),
                Rows.instant(row, "cancelled_at"),
                Rows.string(row, "cancel_reason"));
    }

    private static List<Object> specParams(RaffleSpec s, String createdBy) {
        List<Object> p = new java.util.ArrayList<>();
        p.add(s.title());
        p.add(s.description());
        p.add(s.ticketPrice());
        p.add(s.totalTickets());
        p.add(s.perPlayerCap());
        p.add(s.minTickets());
        p.add(Rows.ts(s.startsAt()));
        p.add(Rows.ts(s.endsAt()));
        p.add(s.drawMode().name());
        p.add(s.houseFeeBps());
        p.add(s.prizeChannel().name());
        p.add(s.repeatWinnerPolicy().name());
        p.add(s.sweepstakes());
        p.add(s.jurisdictionNote());
        p.add(s.freeEntriesPerPlayer());
        p.add(createdBy);
        return p;
    }

    private static void insertPrizes(DbTransaction t, long raffleId, List<Prize> prizes) {
        for (Prize p : prizes) {
            t.namedInsert("raffle-prize-insert", raffleId, p.place(), p.shareBps(), p.fixedAmount());
        }
    }

    Clock clock() {
        return clock;
    }
}
