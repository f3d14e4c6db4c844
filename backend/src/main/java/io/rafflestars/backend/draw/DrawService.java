package io.rafflestars.backend.draw;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.Reference;
import io.rafflestars.backend.ledger.TransferKind;
import io.rafflestars.backend.ledger.TransferRequest;
import io.rafflestars.backend.payout.Payout;
import io.rafflestars.backend.payout.PayoutService;
import io.rafflestars.backend.payout.PayoutView;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleScheduler;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.draw.Beacon;
import io.rafflestars.common.draw.BeaconValue;
import io.rafflestars.common.draw.DrawInput;
import io.rafflestars.common.draw.DrawResult;
import io.rafflestars.common.draw.PlaceResult;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.PublishedDraw;
import io.rafflestars.common.draw.RepeatWinnerPolicy;
import io.rafflestars.common.draw.Seed;
import io.rafflestars.common.draw.Ticket;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.draw.Verification;
import io.rafflestars.common.raffle.RaffleCommand;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs provable draws (docs/fairness.md) and publishes them. The draw of a raffle is one transaction: the CLOSED raffle
 * locked, its ticket list as published at close, the shared algorithm in {@code common} (seed, tickets hash, optional
 * beacon), the pot split in the ledger (house fee, prizes into the raffle's prize liability, the rest to the house),
 * one held payout per prize, the raffle DRAWN, the seed revealed, audit rows and outbox events. A disqualification
 * redraws its place from the same stream continued, with the whole ordered list of disqualifications replayed.
 */
public final class DrawService {
    private static final System.Logger LOG = System.getLogger(DrawService.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    static final String ALGORITHM = ProvableDraw.DRAW_DOMAIN;
    /** Tickets shown inline in the public draw; longer lists are paged. */
    static final int INLINE_TICKETS = 1000;

    public static final int MAX_TICKET_PAGE = 5000;
    /** Automatic draws one scheduler tick makes at most. */
    static final int DRAWS_PER_TICK = 20;

    private final Transactions tx;
    private final RaffleService raffles;
    private final PayoutService payouts;
    private final Ledger ledger;
    private final AuditLog audit;
    private final PlayerNotices notices;
    private final Beacon beacon;
    /**
     * Server-side verifications, kept for a minute or until the draw changes (a disqualification): the public route
     * must not let anyone make the server hash a large ticket list on every request, and a tampered row is still
     * caught within the minute.
     */
    private final Map<Long, CachedVerification> verified =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, CachedVerification> eldest) {
                    return size() > 200;
                }
            });

    private record CachedVerification(int disqualifications, Instant at, PublicDraw.Verification result) {}

    static final Duration VERIFICATION_TTL = Duration.ofMinutes(1);

    public DrawService(
            Transactions tx,
            RaffleService raffles,
            PayoutService payouts,
            Ledger ledger,
            AuditLog audit,
            PlayerNotices notices,
            Beacon beacon) {
        this.tx = tx;
        this.raffles = raffles;
        this.payouts = payouts;
        this.ledger = ledger;
        this.audit = audit;
        this.notices = notices;
        this.beacon = beacon;
    }

    /** A drawn raffle as operators and finance see it: the public record, the pot split, every payout of it. */
    public record Outcome(PublicDraw draw, PotSplit split, List<PayoutView> payouts) {}

    /** Draws a CLOSED raffle (an operator's action; automatic raffles are drawn by {@link #drawDue}). */
    public Outcome draw(long raffleId, Actor actor) {
        tx.execute(t -> drawIn(t, raffles.lock(t, raffleId, RaffleCommand.DRAW), actor));
        return outcome(raffleId);
    }

    /**
     * Draws the CLOSED raffles whose draw mode is AUTOMATIC, each in its own transaction, taking each with {@code FOR
     * UPDATE SKIP LOCKED} so several instances never draw one raffle twice (and the state check under the row lock
     * would refuse a second draw anyway). A draw refused for a reason that will not go away by itself
     * (PRIZES_EXCEED_POT, an integrity problem) is recorded on the raffle and not retried; an unavailable beacon is
     * retried on the next tick.
     */
    public int drawDue() {
        int drawn = 0;
        for (int i = 0; i < DRAWS_PER_TICK; i++) {
            long[] current = {0};
            try {
                boolean any = tx.run(t -> {
                    Optional<Long> next = t.namedGet("draw-due-automatic").map(r -> Rows.getLong(r, "id"));
                    if (next.isEmpty()) {
                        return false;
                    }
                    current[0] = next.get();
                    drawIn(t, raffles.lock(t, next.get(), RaffleCommand.DRAW), RaffleScheduler.ACTOR);
                    return true;
                });
                if (!any) {
                    break;
                }
                drawn++;
            } catch (ApiException e) {
                if (e.code() == ErrorCode.BEACON_UNAVAILABLE) {
                    LOG.log(System.Logger.Level.WARNING, "Automatic draw waits for the beacon: {0}", e.getMessage());
                    break;
                }
                block(current[0], e.code() + ": " + e.getMessage());
            } catch (IllegalStateException e) {
                // an integrity problem (tickets or seed not as published): retrying would not change it
                block(current[0], "INTERNAL: " + e.getMessage());
            }
        }
        return drawn;
    }

    private void block(long raffleId, String reason) {
        String why = reason.length() <= 500 ? reason : reason.substring(0, 500);
        LOG.log(
                System.Logger.Level.WARNING,
                "Automatic draw of raffle {0,number,#} refused; an operator must decide: {1}",
                raffleId,
                why);
        raffles.blockAutomaticDraw(raffleId, why, RaffleScheduler.ACTOR);
    }

    private void drawIn(DbTransaction t, Raffle raffle, Actor actor) {
        long id = raffle.id();
        byte[] seed = Rows.bytes(t.namedGet("draw-seed", id).orElseThrow(), "seed");
        TicketList tickets = publishedTickets(t, raffle);
        Optional<BeaconValue> beaconValue = beaconFor(raffle);
        List<Prize> table = raffle.prizes();
        DrawInput input = new DrawInput(id, new Seed(seed), tickets, beaconValue, table.size(), policy(raffle));
        DrawResult result = ProvableDraw.draw(input);
        if (!result.commitment().equals(raffle.commitment())) {
            throw new IllegalStateException("the seed of raffle " + id + " does not match its published commitment");
        }
        Set<Integer> filled =
                result.winners().stream().map(PlaceResult.Won::place).collect(Collectors.toSet());
        String pot = ledger.openAccount(t, Chart.rafflePot(id));
        long potAvailable = ledger.lockedAccount(t, pot).orElseThrow().debitRoom();
        PotSplit split = PotSplit.of(potAvailable, raffle.spec().houseFeeBps(), table, filled);
        t.namedInsert(
                "draw-insert",
                id,
                ALGORITHM,
                seed,
                result.commitment(),
                result.ticketsHash(),
                tickets.size(),
                table.size(),
                input.policy().name(),
                beaconValue.map(BeaconValue::source).orElse(null),
                beaconValue.map(BeaconValue::round).orElse(null),
                beaconValue.map(BeaconValue::value).orElse(null),
                split.pot(),
                split.houseFee(),
                split.houseRemainder(),
                actor.name());
        AuditLog.actAs(t, actor);
        String liability = ledger.openAccount(t, Chart.prizeLiability(id));
        split(t, id, pot, liability, split);
        for (PlaceResult place : result.places()) {
            long prize = split.prize(place.place());
            switch (place) {
                case PlaceResult.Won w -> {
                    long winnerId = insertWinner(t, id, w.place(), 0, w, prize);
                    if (prize > 0) {
                        payouts.createIn(t, newPayout(raffle, winnerId, w, prize, actor.name(), null), actor);
                        notices.prizeWon(
                                t,
                                w.playerId(),
                                raffle.spec().title(),
                                w.place(),
                                (int) w.ticketNumber(),
                                prize,
                                id + ":" + w.place() + ":0");
                    }
                }
                case PlaceResult.Unfilled u -> insertWinner(t, id, u.place(), 0, u, 0);
            }
        }
        raffles.markDrawnIn(t, raffle, actor);
        audit.append(
                t,
                AuditEntry.of(
                        actor,
                        "draw.run",
                        "raffle",
                        id,
                        null,
                        new DrawAudit(
                                result.commitment(),
                                result.ticketsHash(),
                                tickets.size(),
                                beaconValue.map(DrawService::beacon).orElse(null),
                                split)));
        Outbox.append(
                t,
                new FeedEvent.DrawCompleted(
                        id,
                        result.commitment(),
                        HEX.formatHex(seed),
                        result.ticketsHash(),
                        tickets.size(),
                        result.places().stream()
                                .map(p -> announced(p, split.prize(p.place())))
                                .toList(),
                        actor.name()));
        payouts.settleIfDone(t, id, actor);
    }

    /** What the audit log keeps of a draw; the public record has the winners. */
    record DrawAudit(String commitment, String ticketsHash, int tickets, PublicDraw.Beacon beacon, PotSplit split) {}

    private static PublicDraw.Beacon beacon(BeaconValue b) {
        return new PublicDraw.Beacon(b.source(), b.round(), HEX.formatHex(b.value()));
    }

    /** The pot goes out in full: house fee, each prize into the prize liability, the rest to the house. */
    private void split(DbTransaction t, long raffleId, String pot, String liability, PotSplit split) {
        Reference ref = Reference.raffle(raffleId);
        List<TransferRequest> transfers = new ArrayList<>();
        if (split.houseFee() > 0) {
            transfers.add(new TransferRequest(
                    "draw:" + raffleId + ":fee",
                    pot,
                    Chart.HOUSE_REVENUE,
                    split.houseFee(),
                    TransferKind.HOUSE_FEE,
                    ref));
        }
        for (int place = 1; place <= split.prizes().size(); place++) {
            if (split.prize(place) > 0) {
                transfers.add(new TransferRequest(
                        "draw:" + raffleId + ":prize:" + place,
                        pot,
                        liability,
                        split.prize(place),
                        TransferKind.PRIZE,
                        ref));
            }
        }
        if (split.houseRemainder() > 0) {
            transfers.add(new TransferRequest(
                    "draw:" + raffleId + ":remainder",
                    pot,
                    Chart.HOUSE_REVENUE,
                    split.houseRemainder(),
                    TransferKind.HOUSE_FEE,
                    ref));
        }
        for (int from = 0; from < transfers.size(); from += Ledger.MAX_BATCH) {
            ledger.postAll(t, transfers.subList(from, Math.min(transfers.size(), from + Ledger.MAX_BATCH)));
        }
    }

    /**
     * Disqualifies the current winner of {@code place} (an operator's decision, with a reason) and redraws the place:
     * the ordered list of disqualifications grows by one and the draw is replayed, so the stream continues exactly
     * where it stopped (docs/fairness.md section 10). The place's payout is voided and, if the redraw finds an
     * eligible ticket, a new one created for the new winner; if none is left, the prize is forfeited to the house.
     */
    public Outcome disqualify(long raffleId, int place, String reason, Actor actor) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.invalid("reason", "reason is required to disqualify a winner");
        }
        String why = reason.strip();
        if (why.length() > 500) {
            throw ApiException.invalid("reason", "reason must be at most 500 characters");
        }
        tx.execute(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, true);
            if (raffle.state() != RaffleState.DRAWN) {
                throw new ApiException(
                        ErrorCode.ILLEGAL_TRANSITION,
                        "Only winners of a drawn raffle can be disqualified; raffle " + raffleId + " is "
                                + raffle.state().name().toLowerCase(Locale.ROOT));
            }
            Stored stored = stored(t, raffleId).orElseThrow();
            if (place < 1 || place > stored.places()) {
                throw ApiException.invalid("place", "place must be 1.." + stored.places());
            }
            List<DbRow> current = currentWinners(t, raffleId);
            DbRow holder = current.get(place - 1);
            Integer ticket = Rows.intOrNull(holder, "ticket_number");
            if (ticket == null) {
                throw new ApiException(
                        ErrorCode.PLACE_HAS_NO_WINNER, "Place " + place + " of raffle " + raffleId + " has no winner");
            }
            AuditLog.actAs(t, actor);
            Optional<Payout> voided = payouts.voidForRedrawIn(t, raffleId, place, actor);
            List<Integer> order = disqualifiedPlaces(t, raffleId);
            order.add(place);
            int seq = order.size();
            t.namedInsert(
                    "draw-disqualification-insert",
                    raffleId,
                    seq,
                    place,
                    Rows.getLong(holder, "id"),
                    why,
                    actor.name());
            DrawResult result = ProvableDraw.draw(input(t, raffle, stored), order);
            for (int p = 1; p <= stored.places(); p++) {
                if (p != place
                        && !sameHolder(current.get(p - 1), result.places().get(p - 1))) {
                    throw new IllegalStateException("redraw of place " + place + " of raffle " + raffleId
                            + " changed place " + p + ": the stored draw does not replay");
                }
            }
            long prize = Rows.getLong(holder, "prize");
            PlaceResult redrawn = result.places().get(place - 1);
            long winnerId = insertWinner(t, raffleId, place, seq, redrawn, prize);
            switch (redrawn) {
                case PlaceResult.Won w -> {
                    if (prize > 0) {
                        payouts.createIn(
                                t,
                                newPayout(
                                        raffle,
                                        winnerId,
                                        w,
                                        prize,
                                        stored.drawnBy(),
                                        voided.map(Payout::id).orElse(null)),
                                actor);
                    }
                    notices.prizeWon(
                            t,
                            w.playerId(),
                            raffle.spec().title(),
                            place,
                            (int) w.ticketNumber(),
                            prize,
                            raffleId + ":" + place + ":" + seq);
                }
                case PlaceResult.Unfilled u -> {
                    if (prize > 0) {
                        ledger.post(
                                t,
                                new TransferRequest(
                                        "draw:" + raffleId + ":unfilled:" + seq,
                                        Chart.prizeLiability(raffleId).code(),
                                        Chart.HOUSE_REVENUE,
                                        prize,
                                        TransferKind.FORFEIT,
                                        Reference.raffle(raffleId)));
                    }
                }
            }
            FeedEvent.Place replacement = announced(redrawn, prize);
            audit.append(
                    t,
                    AuditEntry.of(
                            actor,
                            "draw.disqualify",
                            "raffle",
                            raffleId,
                            new Holder(place, ticket, Rows.getLong(holder, "player_id")),
                            new Redrawn(seq, place, why, replacement)));
            Outbox.append(
                    t,
                    new FeedEvent.WinnerDisqualified(
                            raffleId,
                            seq,
                            place,
                            ticket,
                            Rows.getLong(holder, "player_id"),
                            why,
                            replacement,
                            actor.name()));
            payouts.settleIfDone(t, raffleId, actor);
        });
        return outcome(raffleId);
    }

    /** Audit before/after of a disqualification. */
    record Holder(int place, int ticket, long player) {}

    record Redrawn(int disqualification, int place, String reason, FeedEvent.Place now) {}

    private static boolean sameHolder(DbRow stored, PlaceResult recomputed) {
        Integer ticket = Rows.intOrNull(stored, "ticket_number");
        return switch (recomputed) {
            case PlaceResult.Won w -> ticket != null && ticket == w.ticketNumber();
            case PlaceResult.Unfilled u -> ticket == null;
        };
    }

    private static PayoutService.NewPayout newPayout(
            Raffle raffle, long winnerId, PlaceResult.Won w, long prize, String drawnBy, Long replaces) {
        return new PayoutService.NewPayout(
                raffle.id(),
                winnerId,
                w.place(),
                w.playerId(),
                prize,
                raffle.spec().prizeChannel(),
                drawnBy,
                replaces);
    }

    private static long insertWinner(DbTransaction t, long raffleId, int place, int round, PlaceResult p, long prize) {
        Integer ticket = null;
        Long player = null;
        if (p instanceof PlaceResult.Won w) {
            ticket = (int) w.ticketNumber();
            player = w.playerId();
        }
        return Rows.getLong(
                t.namedGet("draw-winner-insert", raffleId, place, round, ticket, player, prize)
                        .orElseThrow(),
                "id");
    }

    private static FeedEvent.Place announced(PlaceResult p, long prize) {
        return switch (p) {
            case PlaceResult.Won w -> new FeedEvent.Place(w.place(), (int) w.ticketNumber(), w.playerId(), prize);
            case PlaceResult.Unfilled u -> new FeedEvent.Place(u.place(), null, null, prize);
        };
    }

    private Optional<BeaconValue> beaconFor(Raffle raffle) {
        try {
            return beacon.valueFor(raffle.id(), raffle.closedAt());
        } catch (RuntimeException e) {
            throw new ApiException(
                    ErrorCode.BEACON_UNAVAILABLE,
                    "The randomness beacon could not be read for raffle " + raffle.id() + ": " + e.getMessage());
        }
    }

    private static RepeatWinnerPolicy policy(Raffle raffle) {
        return switch (raffle.spec().repeatWinnerPolicy()) {
            case ALLOW_REPEAT -> RepeatWinnerPolicy.ALLOW_REPEAT;
            case ONE_PRIZE_PER_PLAYER -> RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER;
        };
    }

    /**
     * The canonical ticket list as published when sales closed, checked against the published hash: every ticket
     * valid at the close (one voided later, its payment refunded outside the bot, stays in).
     */
    private static TicketList publishedTickets(DbTransaction t, Raffle raffle) {
        TicketList tickets = ticketsAtClose(t, raffle);
        String hash = ProvableDraw.ticketsHashHex(raffle.id(), tickets);
        if (!hash.equals(raffle.ticketsHash())) {
            throw new IllegalStateException("the " + tickets.size() + " tickets of raffle " + raffle.id() + " hash to "
                    + hash + ", not to " + raffle.ticketsHash() + " as published at close");
        }
        return tickets;
    }

    /** Every ticket valid when sales closed, as primitive arrays (a raffle may have millions). */
    private static TicketList ticketsAtClose(DbTransaction t, Raffle raffle) {
        List<DbRow> rows;
        try (var r = t.namedQuery("draw-tickets", raffle.id(), Rows.ts(raffle.closedAt()))) {
            rows = r.toList();
        }
        long[] numbers = new long[rows.size()];
        long[] players = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            numbers[i] = Rows.getLong(rows.get(i), "number");
            players[i] = Rows.getLong(rows.get(i), "player_id");
        }
        return TicketList.of(numbers, players);
    }

    /** The stored draw of a raffle. */
    private record Stored(
            byte[] seed,
            String ticketsHash,
            int ticketCount,
            int places,
            RepeatWinnerPolicy policy,
            Optional<BeaconValue> beacon,
            String drawnBy,
            Instant drawnAt) {}

    private static Optional<Stored> stored(DbTransaction t, long raffleId) {
        return t.namedGet("draw-get", raffleId).map(r -> {
            String source = Rows.string(r, "beacon_source");
            Optional<BeaconValue> beacon = source == null
                    ? Optional.empty()
                    : Optional.of(
                            new BeaconValue(source, Rows.getLong(r, "beacon_round"), Rows.bytes(r, "beacon_value")));
            return new Stored(
                    Rows.bytes(r, "seed"),
                    Rows.string(r, "tickets_hash"),
                    Rows.getInt(r, "ticket_count"),
                    Rows.getInt(r, "places"),
                    RepeatWinnerPolicy.valueOf(Rows.string(r, "policy")),
                    beacon,
                    Rows.string(r, "drawn_by"),
                    Rows.instant(r, "drawn_at"));
        });
    }

    private static DrawInput input(DbTransaction t, Raffle raffle, Stored stored) {
        return new DrawInput(
                raffle.id(),
                new Seed(stored.seed()),
                publishedTickets(t, raffle),
                stored.beacon(),
                stored.places(),
                stored.policy());
    }

    private static List<DbRow> currentWinners(DbTransaction t, long raffleId) {
        try (var rows = t.namedQuery("draw-current-winners", raffleId)) {
            return rows.toList();
        }
    }

    private static List<Integer> disqualifiedPlaces(DbTransaction t, long raffleId) {
        try (var rows = t.namedQuery("draw-disqualifications", raffleId)) {
            return rows.map(r -> Rows.getInt(r, "place")).collect(Collectors.toCollection(ArrayList::new));
        }
    }

    // ---- the public record ---------------------------------------------------------------------------------------

    /** A drawn raffle's record, split and payouts; CONFLICT when it has not been drawn. */
    public Outcome outcome(long raffleId) {
        PublicDraw draw = publicDraw(raffleId);
        if (draw.seed() == null) {
            throw new ApiException(ErrorCode.CONFLICT, "Raffle " + raffleId + " has not been drawn");
        }
        List<Long> prizes = draw.winners().stream().map(PublicDraw.Place::prize).toList();
        PotSplit split = tx.run(t -> t.namedGet("draw-get", raffleId)
                .map(r -> new PotSplit(
                        Rows.getLong(r, "pot"),
                        Rows.getLong(r, "house_fee"),
                        prizes,
                        Rows.getLong(r, "house_remainder")))
                .orElseThrow());
        return new Outcome(draw, split, payouts.ofRaffle(raffleId));
    }

    /**
     * The public record of a raffle's draw, as far as the raffle has got. NOT_FOUND for a raffle players cannot see
     * (a draft).
     */
    public PublicDraw publicDraw(long raffleId) {
        return tx.run(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, false);
            if (!raffle.state().visibleToPlayers()) {
                throw ApiException.notFound("No raffle " + raffleId);
            }
            Optional<Stored> stored = stored(t, raffleId);
            boolean closed = raffle.ticketsHash() != null;
            Integer count = null;
            List<Ticket> inline = null;
            if (closed) {
                count = Rows.getInt(
                        t.namedGet("draw-ticket-count", raffleId, Rows.ts(raffle.closedAt()))
                                .orElseThrow(),
                        "n");
                if (count <= INLINE_TICKETS) {
                    inline = ticketPage(t, raffle, 0, INLINE_TICKETS);
                }
            }
            List<PublicDraw.Place> winners = List.of();
            List<PublicDraw.Disqualification> disqualifications = List.of();
            if (stored.isPresent()) {
                winners = currentWinners(t, raffleId).stream()
                        .map(DrawService::place)
                        .toList();
                try (var rows = t.namedQuery("draw-disqualifications", raffleId)) {
                    disqualifications = rows.map(r -> new PublicDraw.Disqualification(
                                    Rows.getInt(r, "seq"),
                                    Rows.getInt(r, "place"),
                                    Rows.getInt(r, "ticket_number"),
                                    Rows.getLong(r, "player_id"),
                                    Rows.string(r, "reason"),
                                    Rows.instant(r, "at")))
                            .toList();
                }
            }
            String base = "/public/raffles/" + raffleId + "/draw";
            return new PublicDraw(
                    raffleId,
                    raffle.spec().title(),
                    raffle.state().name(),
                    ALGORITHM,
                    raffle.commitment(),
                    stored.map(s -> HEX.formatHex(s.seed())).orElse(null),
                    raffle.ticketsHash(),
                    count,
                    raffle.prizes().size(),
                    raffle.spec().repeatWinnerPolicy().name(),
                    stored.flatMap(Stored::beacon).map(DrawService::beacon).orElse(null),
                    winners,
                    disqualifications,
                    raffle.closedAt(),
                    stored.map(Stored::drawnAt).orElse(null),
                    t.namedGet("draw-blocked-reason", raffleId)
                            .map(r -> Rows.string(r, "draw_blocked_reason"))
                            .orElse(null),
                    inline,
                    closed ? base + "/tickets" : null,
                    stored.isPresent() ? base + "/verify" : null);
        });
    }

    private static PublicDraw.Place place(DbRow r) {
        return new PublicDraw.Place(
                Rows.getInt(r, "place"),
                Rows.intOrNull(r, "ticket_number"),
                Rows.longOrNull(r, "player_id"),
                Rows.getLong(r, "prize"));
    }

    /** A page of the canonical ticket list, tickets numbered above {@code after}. */
    public PublicDraw.TicketPage tickets(long raffleId, long after, int limit) {
        int n = Math.clamp(limit, 1, MAX_TICKET_PAGE);
        return tx.run(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, false);
            if (!raffle.state().visibleToPlayers() || raffle.ticketsHash() == null) {
                throw ApiException.notFound("Raffle " + raffleId + " has no published ticket list (sales not closed)");
            }
            int count = Rows.getInt(
                    t.namedGet("draw-ticket-count", raffleId, Rows.ts(raffle.closedAt()))
                            .orElseThrow(),
                    "n");
            List<Ticket> page = ticketPage(t, raffle, after, n);
            Long next = page.size() == n ? page.getLast().number() : null;
            return new PublicDraw.TicketPage(raffleId, count, page, next);
        });
    }

    private static List<Ticket> ticketPage(DbTransaction t, Raffle raffle, long after, int limit) {
        try (var rows = t.namedQuery("draw-tickets-page", raffle.id(), Rows.ts(raffle.closedAt()), after, limit)) {
            return rows.map(r -> new Ticket(Rows.getLong(r, "number"), Rows.getLong(r, "player_id")))
                    .toList();
        }
    }

    /**
     * Recomputes a drawn raffle's published result with the reference verifier: commitment, tickets hash, every
     * place after every disqualification in order. Cached until the draw changes.
     */
    public PublicDraw.Verification verify(long raffleId) {
        return tx.run(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, false);
            if (!raffle.state().visibleToPlayers()) {
                throw ApiException.notFound("No raffle " + raffleId);
            }
            Stored stored = stored(t, raffleId)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.CONFLICT, "Raffle " + raffleId + " has not been drawn; nothing to verify yet"));
            List<Integer> order = disqualifiedPlaces(t, raffleId);
            CachedVerification cached = verified.get(raffleId);
            Instant now = Instant.now();
            if (cached != null
                    && cached.disqualifications() == order.size()
                    && cached.at().plus(VERIFICATION_TTL).isAfter(now)) {
                return cached.result();
            }
            PublicDraw.Verification result = recompute(t, raffle, stored, order);
            verified.put(raffleId, new CachedVerification(order.size(), now, result));
            return result;
        });
    }

    private static PublicDraw.Verification recompute(
            DbTransaction t, Raffle raffle, Stored stored, List<Integer> order) {
        long raffleId = raffle.id();
        List<DbRow> current = currentWinners(t, raffleId);
        List<PlaceResult> claimed = current.stream()
                .map(r -> {
                    Integer ticket = Rows.intOrNull(r, "ticket_number");
                    int p = Rows.getInt(r, "place");
                    return ticket == null
                            ? (PlaceResult) new PlaceResult.Unfilled(p)
                            : new PlaceResult.Won(p, ticket, Rows.getLong(r, "player_id"));
                })
                .toList();
        TicketList tickets = ticketsAtClose(t, raffle);
        PublishedDraw published = new PublishedDraw(
                raffleId,
                raffle.commitment(),
                raffle.ticketsHash(),
                stored.seed(),
                tickets,
                stored.beacon(),
                stored.places(),
                stored.policy(),
                order,
                claimed);
        List<Long> prizes = current.stream().map(r -> Rows.getLong(r, "prize")).toList();
        return switch (ProvableDraw.verify(published)) {
            case Verification.Verified v ->
                new PublicDraw.Verification(
                        raffleId,
                        true,
                        null,
                        null,
                        v.result().commitment(),
                        v.result().ticketsHash(),
                        v.result().drawKey(),
                        v.result().places().stream()
                                .map(p -> placeOf(p, prizes.get(p.place() - 1)))
                                .toList(),
                        v.result().stepsTaken(),
                        v.result().valuesDrawn());
            case Verification.Mismatch m ->
                new PublicDraw.Verification(
                        raffleId, false, m.check().name(), m.reason(), null, null, null, List.of(), 0, 0);
        };
    }

    private static PublicDraw.Place placeOf(PlaceResult p, long prize) {
        return switch (p) {
            case PlaceResult.Won w -> new PublicDraw.Place(w.place(), (int) w.ticketNumber(), w.playerId(), prize);
            case PlaceResult.Unfilled u -> new PublicDraw.Place(u.place(), null, null, prize);
        };
    }
}
