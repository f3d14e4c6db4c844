package io.rafflestars.backend.payout;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.bot.Texts;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.Phase;
import io.rafflestars.backend.ledger.Reference;
import io.rafflestars.backend.ledger.Transfer;
import io.rafflestars.backend.ledger.TransferKind;
import io.rafflestars.backend.ledger.TransferRequest;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Page;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.raffle.RaffleSpec.PrizeChannel;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.BotApiException;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Payouts with four eyes (docs/payouts.md). The draw creates one per prize with its money held in the ledger; FINANCE
 * users approve (one, or two different ones above the threshold; never whoever drew the raffle or requested the
 * payout) or reject it; it is then executed on the raffle's prize channel. Every decision is a row of its own, every
 * change audited and announced; the database refuses what breaks the rules whatever this code does.
 *
 * <p>Lock order, as everywhere a raffle's money moves: the raffle row, then the payout row, then the ledger accounts.
 */
public final class PayoutService {
    private static final System.Logger LOG = System.getLogger(PayoutService.class.getName());

    /** Who the background work (gift executor, expiry) acts as. */
    public static final Actor ACTOR = Actor.system("payouts");

    /** The ledger voids an expired hold itself only this long after the payout expired, so the payout acts first. */
    static final Duration LEDGER_GRACE = Duration.ofDays(7);

    /** How long a claimed gift payout is left alone while its Bot API call runs. */
    static final Duration LEASE = Duration.ofMinutes(2);

    /** Gift attempts refused as "too many requests" before the payout is left FAILED for finance. */
    static final int MAX_ATTEMPTS = 10;

    public static final int MAX_PAGE = 500;

    private final Transactions tx;
    private final Clock clock;
    private final Ledger ledger;
    private final AuditLog audit;
    private final RaffleService raffles;
    private final PlayerNotices notices;
    private final BotApiClient telegram;
    private final Settings.Payouts rules;

    public PayoutService(
            Transactions tx,
            Clock clock,
            Ledger ledger,
            AuditLog audit,
            RaffleService raffles,
            PlayerNotices notices,
            BotApiClient telegram,
            Settings.Payouts rules) {
        this.tx = tx;
        this.clock = clock;
        this.ledger = ledger;
        this.audit = audit;
        this.raffles = raffles;
        this.notices = notices;
        this.telegram = telegram;
        this.rules = rules;
    }

    public Settings.Payouts rules() {
        return rules;
    }

    /** One prize won, as the draw (or a redraw, or a reissue) asks for its payout. */
    public record NewPayout(
            long raffleId,
            long winnerId,
            int place,
            long playerId,
            long amount,
            PrizeChannel channel,
            String drawnBy,
            Long replaces) {}

    // ---- created by the draw, in its transaction ---------------------------------------------------------------

    /**
     * Creates the payout in the caller's transaction and holds its money: a pending transfer from the raffle's prize
     * liability to where the channel pays. {@code requestedBy} may not approve it, nor may whoever drew the raffle.
     */
    public Payout createIn(DbTransaction t, NewPayout n, Actor requestedBy) {
        int required = n.amount() > rules.twoApproverThreshold() ? 2 : 1;
        Instant expires = clock.instant().plus(rules.holdFor());
        long id = Rows.getLong(
                t.namedGet(
                                "payout-insert",
                                n.raffleId(),
                                n.winnerId(),
                                n.place(),
                                n.playerId(),
                                n.amount(),
                                n.channel().name(),
                                required,
                                n.drawnBy(),
                                requestedBy.name(),
                                Rows.ts(expires),
                                n.replaces())
                        .orElseThrow(),
                "id");
        String liability = ledger.openAccount(t, Chart.prizeLiability(n.raffleId()));
        ledger.post(
                t,
                TransferRequest.pending(
                        Payout.holdId(id),
                        liability,
                        destination(t, n.channel(), n.playerId()),
                        n.amount(),
                        TransferKind.PAYOUT,
                        Reference.payout(id),
                        expires.plus(LEDGER_GRACE)));
        Payout p = lock(t, id);
        audit.append(t, AuditEntry.of(requestedBy, "payout.create", "payout", id, null, p));
        announce(t, p, requestedBy);
        return p;
    }

    /** Where a channel's payout money goes when it is paid. */
    private String destination(DbTransaction t, PrizeChannel channel, long playerId) {
        return switch (channel) {
            case PRIZE_CREDIT -> ledger.openAccount(t, Chart.playerCredit(playerId));
            case TELEGRAM_GIFT -> Chart.TELEGRAM_CLEARING;
            case OFF_PLATFORM -> Chart.PAYOUTS_OFF_PLATFORM;
        };
    }

    /**
     * The winner of {@code place} was disqualified: voids the place's payout (if its prize was more than nothing) in
     * the caller's transaction, which holds the raffle's lock. The prize stays in the raffle's prize liability for
     * whoever the redraw picks. Refused when the payout is already paid, rejected or in flight.
     */
    public Optional<Payout> voidForRedrawIn(DbTransaction t, long raffleId, int place, Actor actor) {
        Optional<Payout> found =
                t.namedGet("payout-in-force-of-place", raffleId, place).map(Payout::of);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Payout p = found.get();
        switch (p.state()) {
            case PENDING_APPROVAL, APPROVED, FAILED, EXPIRED -> {}
            case EXECUTING -> throw busy(p);
            case EXECUTED ->
                throw new ApiException(
                        ErrorCode.ILLEGAL_TRANSITION,
                        "The prize of place " + place + " was already paid (payout " + p.id() + ")");
            case REJECTED ->
                throw new ApiException(
                        ErrorCode.ILLEGAL_TRANSITION,
                        "Payout " + p.id() + " of place " + place + " was rejected and its prize forfeited");
            case VOIDED, REISSUED -> throw new IllegalStateException("payout " + p.id() + " is not in force");
        }
        if (p.state().held()) {
            voidHold(t, p, "void");
        }
        t.namedUpdate("payout-resolved", PayoutState.VOIDED.name(), p.id());
        Payout voided = lock(t, p.id());
        audit.append(t, AuditEntry.of(actor, "payout.void", "payout", p.id(), p, voided));
        announce(t, voided, actor);
        return Optional.of(voided);
    }

    // ---- finance decisions ---------------------------------------------------------------------------------------

    /**
     * Approves. When the approvals reach what the payout needs it becomes APPROVED and the winner is told; a prize
     * credit is paid at once, a gift goes to the executor, an off-platform payment waits for its reference.
     */
    public PayoutView approve(long id, Actor actor, String note) {
        String reason = optionalText(note, "note", 500);
        return decide(id, actor, (t, p) -> {
            if (p.state() != PayoutState.PENDING_APPROVAL) {
                throw illegal(p, "approve");
            }
            fourEyes(p, actor);
            if (approvers(t, p.id()).contains(actor.name())) {
                throw new ApiException(
                        ErrorCode.FOUR_EYES_VIOLATION,
                        "You already approved payout " + p.id() + "; a second, different FINANCE user must approve it");
            }
            decision(t, p, "APPROVE", actor, reason);
            if (approvers(t, p.id()).size() < p.approvalsRequired()) {
                Payout same = lock(t, p.id());
                audit.append(t, AuditEntry.of(actor, "payout.approve", "payout", p.id(), p, same));
                announce(t, same, actor);
                return same;
            }
            boolean gift = p.channel() == PrizeChannel.TELEGRAM_GIFT;
            t.namedUpdate("payout-approved", gift ? Rows.ts(clock.instant()) : null, p.id());
            Payout approved = lock(t, p.id());
            audit.append(t, AuditEntry.of(actor, "payout.approve", "payout", p.id(), p, approved));
            announce(t, approved, actor);
            Raffle raffle = RaffleService.load(t, p.raffleId(), false);
            notices.payoutApproved(t, p.playerId(), p.id(), raffle.spec().title(), p.place(), p.amount());
            return switch (p.channel()) {
                case PRIZE_CREDIT -> executeIn(t, raffle, approved, actor, null);
                case TELEGRAM_GIFT, OFF_PLATFORM -> approved;
            };
        });
    }

    /**
     * Rejects: the hold is voided and the prize forfeited to the house (docs/payouts.md: to give the prize to someone
     * else, an operator disqualifies the winner instead, and the place is redrawn).
     */
    public PayoutView reject(long id, Actor actor, String reason) {
        String why = requiredText(reason, "reason", 500);
        return decide(id, actor, (t, p) -> {
            switch (p.state()) {
                case PENDING_APPROVAL, APPROVED, FAILED, EXPIRED -> {}
                case EXECUTING -> throw busy(p);
                case EXECUTED, REJECTED, VOIDED, REISSUED -> throw illegal(p, "reject");
            }
            fourEyes(p, actor);
            decision(t, p, "REJECT", actor, why);
            if (p.state().held()) {
                voidHold(t, p, "void");
            }
            ledger.post(
                    t,
                    new TransferRequest(
                            "payout:" + p.id() + ":forfeit",
                            Chart.prizeLiability(p.raffleId()).code(),
                            Chart.HOUSE_REVENUE,
                            p.amount(),
                            TransferKind.FORFEIT,
                            Reference.payout(p.id())));
            t.namedUpdate("payout-resolved", PayoutState.REJECTED.name(), p.id());
            Payout rejected = lock(t, p.id());
            audit.append(t, AuditEntry.of(actor, "payout.reject", "payout", p.id(), p, new Rejected(rejected, why)));
            announce(t, rejected, actor);
            settleIfDone(t, p.raffleId(), actor);
            return rejected;
        });
    }

    /** What the audit log keeps for a rejection: the payout and why. */
    record Rejected(Payout payout, String reason) {}

    /**
     * Records that a payout was paid: for OFF_PLATFORM, the external payment's reference (the payout posts to
     * payouts_off_platform); for a TELEGRAM_GIFT that FAILED with an unknown outcome, the confirmation (e.g. the Star
     * transaction id) that the gift did reach the winner.
     */
    public PayoutView recordExecution(long id, Actor actor, String externalReference) {
        String reference = requiredText(externalReference, "externalReference", 200);
        return decide(id, actor, (t, p) -> {
            switch (p.channel()) {
                case OFF_PLATFORM -> {
                    if (p.state() != PayoutState.APPROVED) {
                        throw illegal(p, "record the payment of");
                    }
                }
                case TELEGRAM_GIFT -> {
                    if (p.state() != PayoutState.FAILED || p.giftCost() == null) {
                        throw new ApiException(
                                ErrorCode.ILLEGAL_TRANSITION,
                                "Payout " + p.id() + " is " + name(p.state()) + "; a gift is confirmed by hand only"
                                        + " after an attempt whose outcome is unknown (state failed, gift chosen)");
                    }
                }
                case PRIZE_CREDIT ->
                    throw new ApiException(
                            ErrorCode.ILLEGAL_TRANSITION,
                            "Payout " + p.id() + " is paid in prize credit, which happens when it is approved");
            }
            fourEyes(p, actor);
            decision(t, p, "RECORD_EXECUTION", actor, reference);
            return executeIn(t, RaffleService.load(t, p.raffleId(), false), p, actor, reference);
        });
    }

    /** Sends a FAILED gift payout back to the executor; the money has stayed held. */
    public PayoutView retry(long id, Actor actor) {
        return decide(id, actor, (t, p) -> {
            if (p.channel() != PrizeChannel.TELEGRAM_GIFT || p.state() != PayoutState.FAILED) {
                throw illegal(p, "retry");
            }
            fourEyes(p, actor);
            decision(t, p, "RETRY", actor, null);
            t.namedUpdate("payout-approved", Rows.ts(clock.instant()), p.id());
            Payout again = lock(t, p.id());
            audit.append(t, AuditEntry.of(actor, "payout.retry", "payout", p.id(), p, again));
            announce(t, again, actor);
            return again;
        });
    }

    /**
     * Replaces an EXPIRED payout with a new one for the same prize and winner: its money is held again and it needs
     * its approvals again. Whoever reissues it is its requester and may not approve it.
     */
    public PayoutView reissue(long id, Actor actor) {
        return decide(id, actor, (t, p) -> {
            if (p.state() != PayoutState.EXPIRED) {
                throw illegal(p, "reissue");
            }
            fourEyes(p, actor);
            decision(t, p, "REISSUE", actor, null);
            t.namedUpdate("payout-resolved", PayoutState.REISSUED.name(), p.id());
            Payout old = lock(t, p.id());
            audit.append(t, AuditEntry.of(actor, "payout.reissue", "payout", p.id(), p, old));
            announce(t, old, actor);
            return createIn(
                    t,
                    new NewPayout(
                            p.raffleId(),
                            p.winnerId(),
                            p.place(),
                            p.playerId(),
                            p.amount(),
                            p.channel(),
                            p.drawnBy(),
                            p.id()),
                    actor);
        });
    }

    /**
     * Runs a decision on a payout in one transaction: the raffle row locked first, then the payout; the ledger's
     * audit rows name the deciding user. Returns the payout as finance sees it afterwards.
     */
    private PayoutView decide(long id, Actor actor, BiFunction<DbTransaction, Payout, Payout> work) {
        Payout done = tx.run(t -> {
            long raffleId = t.namedGet("payout-raffle", id)
                    .map(r -> Rows.getLong(r, "raffle_id"))
                    .orElseThrow(() -> ApiException.notFound("No payout " + id));
            RaffleService.load(t, raffleId, true);
            Payout p = lock(t, id);
            AuditLog.actAs(t, actor);
            return work.apply(t, p);
        });
        return get(done.id()).payout();
    }

    /** Four eyes: whoever drew the raffle or requested the payout never decides on it (the database agrees). */
    private static void fourEyes(Payout p, Actor actor) {
        if (actor.name().equals(p.drawnBy())) {
            throw new ApiException(
                    ErrorCode.FOUR_EYES_VIOLATION,
                    "You drew raffle " + p.raffleId() + "; another FINANCE user must decide on its payout " + p.id());
        }
        if (actor.name().equals(p.requestedBy())) {
            throw new ApiException(
                    ErrorCode.FOUR_EYES_VIOLATION,
                    "You requested payout " + p.id() + "; another FINANCE user must decide on it");
        }
    }

    private static void decision(DbTransaction t, Payout p, String decision, Actor actor, String reason) {
        t.namedInsert("payout-decision-insert", p.id(), decision, actor.name(), actor.source(), reason);
    }

    private static List<String> approvers(DbTransaction t, long payoutId) {
        try (var rows = t.namedQuery("payout-decisions", payoutId)) {
            return rows.filter(r -> Rows.string(r, "decision").equals("APPROVE"))
                    .map(r -> Rows.string(r, "actor"))
                    .toList();
        }
    }

    // ---- execution -----------------------------------------------------------------------------------------------

    /**
     * Pays: posts the hold (for a gift, what the gift cost; the rest goes to the winner's prize credit), marks the
     * payout EXECUTED, tells the winner, and settles the raffle when this was its last payout in force.
     */
    private Payout executeIn(DbTransaction t, Raffle raffle, Payout p, Actor actor, String reference) {
        Transfer hold = ledger.transfer(t, p.holdId()).orElseThrow();
        long spent = p.channel() == PrizeChannel.TELEGRAM_GIFT ? p.giftCost() : p.amount();
        ledger.post(t, TransferRequest.post("payout:" + p.id() + ":post", hold, spent));
        long change = p.amount() - spent;
        if (change > 0) {
            ledger.post(
                    t,
                    new TransferRequest(
                            "payout:" + p.id() + ":change",
                            hold.debit(),
                            ledger.openAccount(t, Chart.playerCredit(p.playerId())),
                            change,
                            TransferKind.PAYOUT,
                            Reference.payout(p.id())));
        }
        t.namedUpdate("payout-executed", reference, p.id());
        Payout done = lock(t, p.id());
        audit.append(t, AuditEntry.of(actor, "payout.execute", "payout", p.id(), p, done));
        announce(t, done, actor);
        String title = raffle.spec().title();
        notices.payoutExecuted(t, p.playerId(), p.id(), lang -> switch (p.channel()) {
            case PRIZE_CREDIT -> Texts.prizeCredited(lang, title, p.amount());
            case TELEGRAM_GIFT ->
                p.giftKind().equals("PREMIUM")
                        ? Texts.premiumSent(
                                lang, title, new GiftChoice(p.giftKind(), p.giftId(), spent).premiumMonths(), change)
                        : Texts.giftSent(lang, title, spent, change);
            case OFF_PLATFORM -> Texts.prizePaidOffPlatform(lang, title, p.amount(), reference);
        });
        settleIfDone(t, raffle.id(), actor);
        return done;
    }

    /**
     * The gift executor: buys the gift or Premium of every due TELEGRAM_GIFT payout through the Bot API. A call that
     * Telegram answered with "too many requests" is tried again later; one it refused, or whose outcome is unknown
     * (no answer, 5xx: a gift has no idempotency key, so it is never repeated blindly), leaves the payout FAILED with
     * the money still held, for finance to retry, confirm or reject. Returns how many were paid. Safe on several
     * instances: a payout is claimed with a lease.
     */
    public int executeGifts(int limit) {
        failStale(limit);
        Instant now = clock.instant();
        List<Payout> claimed = tx.run(t -> {
            try (var rows = t.namedQuery("payout-claim-gifts", Rows.ts(now), limit, Rows.ts(now.plus(LEASE)))) {
                return rows.map(Payout::of)
                        .sorted(Comparator.comparing(Payout::id))
                        .toList();
            }
        });
        int paid = 0;
        for (Payout p : claimed) {
            if (executeGift(p)) {
                paid++;
            }
        }
        return paid;
    }

    private boolean executeGift(Payout claimed) {
        Payout p = claimed;
        if (p.giftKind() == null) {
            Optional<GiftChoice> choice;
            try {
                choice = GiftChoice.choose(p.amount(), telegram.getAvailableGifts());
            } catch (BotApiException e) {
                // only a read: nothing was bought, so any failure can simply be tried again later
                boolean again = e.transientFailure() && p.attempts() < MAX_ATTEMPTS;
                attemptFailed(
                        p,
                        again ? PayoutState.APPROVED : PayoutState.FAILED,
                        "reading the gift catalogue: " + e.getMessage(),
                        again ? clock.instant().plus(backoff(p.attempts(), e)) : null);
                return false;
            }
            if (choice.isEmpty()) {
                attemptFailed(p, PayoutState.FAILED, "no Telegram gift costs " + p.amount() + " Stars or less", null);
                return false;
            }
            GiftChoice c = choice.get();
            tx.execute(t -> t.namedUpdate("payout-gift-chosen", c.kind(), c.giftId(), c.cost(), claimed.id()));
            p = tx.run(t -> lock(t, claimed.id()));
        }
        GiftChoice gift = new GiftChoice(p.giftKind(), p.giftId(), p.giftCost());
        try {
            String text = giftText(
                    tx.run(t -> RaffleService.load(t, claimed.raffleId(), false))
                            .spec()
                            .title(),
                    p.place());
            if (gift.kind().equals("PREMIUM")) {
                telegram.giftPremiumSubscription(p.playerId(), gift.premiumMonths(), gift.cost(), text);
            } else {
                telegram.sendGift(p.playerId(), gift.giftId(), text);
            }
        } catch (BotApiException e) {
            if (e.errorCode() == 429 && p.attempts() < MAX_ATTEMPTS) {
                // throttled: Telegram did not buy anything
                attemptFailed(
                        p, PayoutState.APPROVED, e.getMessage(), clock.instant().plus(backoff(p.attempts(), e)));
            } else if (e.errorCode() == 0 || e.errorCode() >= 500) {
                attemptFailed(
                        p,
                        PayoutState.FAILED,
                        "outcome unknown (" + e.getMessage() + "): check the bot's Star transactions, then retry or"
                                + " record the gift as delivered",
                        null);
            } else {
                attemptFailed(p, PayoutState.FAILED, e.getMessage(), null);
            }
            return false;
        }
        Payout sent = p;
        tx.execute(t -> {
            Raffle raffle = RaffleService.load(t, sent.raffleId(), true);
            Payout current = lock(t, sent.id());
            AuditLog.actAs(t, ACTOR);
            executeIn(t, raffle, current, ACTOR, null);
        });
        return true;
    }

    /** Telegram's retry_after when it gave one, else 2^attempts seconds, at most ten minutes. */
    private static Duration backoff(int attempts, BotApiException e) {
        return e.retryAfterSeconds() != null
                ? Duration.ofSeconds(e.retryAfterSeconds())
                : Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10)));
    }

    private static String giftText(String title, int place) {
        String text = "Raffle Stars: your prize for place " + place + " in " + title;
        return text.length() <= 128 ? text : text.substring(0, 128);
    }

    /** Ends an attempt: back to APPROVED for another try later, or FAILED for finance. */
    private void attemptFailed(Payout p, PayoutState to, String error, Instant nextAttempt) {
        String message = error.length() <= 500 ? error : error.substring(0, 500);
        tx.execute(t -> {
            RaffleService.load(t, p.raffleId(), true);
            Payout before = lock(t, p.id());
            t.namedUpdate("payout-attempt-failed", to.name(), message, Rows.ts(nextAttempt), p.id());
            Payout after = lock(t, p.id());
            if (to == PayoutState.FAILED) {
                LOG.log(System.Logger.Level.WARNING, "Payout {0,number,#} failed: {1}", p.id(), message);
                audit.append(t, AuditEntry.of(ACTOR, "payout.fail", "payout", p.id(), before, after));
            }
            announce(t, after, ACTOR);
        });
    }

    /**
     * A payout still EXECUTING after its lease belonged to an instance that stopped during the Bot API call: whether
     * the gift went out is unknown, so it is never sent again automatically.
     */
    private void failStale(int limit) {
        List<Long> stale = tx.run(t -> {
            try (var rows = t.namedQuery("payout-stale-executing", Rows.ts(clock.instant()), limit)) {
                return rows.map(r -> Rows.getLong(r, "id")).toList();
            }
        });
        for (long id : stale) {
            Payout p = tx.run(t -> lock(t, id));
            if (p.state() == PayoutState.EXECUTING) {
                attemptFailed(
                        p,
                        PayoutState.FAILED,
                        "outcome unknown: the instance sending the gift stopped during the call; check the bot's Star"
                                + " transactions, then retry or record the gift as delivered",
                        null);
            }
        }
    }

    /**
     * Expires payouts whose hold ran out before they were paid: the hold is voided (unless the ledger's own expiry
     * did it) and the payout waits EXPIRED for finance to reissue or reject it; the prize stays owed. Returns how
     * many expired.
     */
    public int expireDue(int limit) {
        Instant now = clock.instant();
        List<Long> due = tx.run(t -> {
            try (var rows = t.namedQuery("payout-due-expiry", Rows.ts(now), limit)) {
                return rows.map(r -> Rows.getLong(r, "id")).toList();
            }
        });
        int expired = 0;
        for (long id : due) {
            boolean done = tx.run(t -> {
                long raffleId = t.namedGet("payout-raffle", id)
                        .map(r -> Rows.getLong(r, "raffle_id"))
                        .orElseThrow();
                RaffleService.load(t, raffleId, true);
                Payout p = lock(t, id);
                if (!p.state().held()
                        || p.state() == PayoutState.EXECUTING
                        || p.holdExpiresAt().isAfter(now)) {
                    return false;
                }
                AuditLog.actAs(t, ACTOR);
                voidHold(t, p, "void");
                t.namedUpdate("payout-expired", id);
                Payout after = lock(t, id);
                audit.append(t, AuditEntry.of(ACTOR, "payout.expire", "payout", id, p, after));
                announce(t, after, ACTOR);
                return true;
            });
            if (done) {
                expired++;
            }
        }
        return expired;
    }

    /** Releases a payout's hold, unless the ledger's own expiry already did. */
    private void voidHold(DbTransaction t, Payout p, String suffix) {
        Transfer hold = ledger.transfer(t, p.holdId()).orElseThrow();
        Optional<Transfer> resolution = ledger.resolutionOf(t, p.holdId());
        if (resolution.isPresent()) {
            if (resolution.get().phase() instanceof Phase.VoidPending) {
                return;
            }
            throw new IllegalStateException("hold of payout " + p.id() + " was posted by "
                    + resolution.get().id());
        }
        ledger.post(t, TransferRequest.voiding("payout:" + p.id() + ":" + suffix, hold));
    }

    /** DRAWN → SETTLED once no payout of the raffle is in force any more (all executed or rejected). */
    public void settleIfDone(DbTransaction t, long raffleId, Actor actor) {
        long inForce =
                Rows.getLong(t.namedGet("payout-in-force-count", raffleId).orElseThrow(), "n");
        if (inForce == 0 && RaffleService.load(t, raffleId, true).state() == RaffleState.DRAWN) {
            raffles.settleIn(t, raffleId, actor);
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** What the queue shows: {@code status} OPEN (in force), ALL, or a state name; oldest first after {@code afterId}. */
    public Page<PayoutView> list(String status, Long raffleId, long afterId, int limit) {
        String s = status == null || status.isBlank() ? "OPEN" : status.strip().toUpperCase(Locale.ROOT);
        if (!s.equals("OPEN") && !s.equals("ALL")) {
            try {
                PayoutState.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be OPEN, ALL or a payout state, got " + status);
            }
        }
        int n = Math.clamp(limit, 1, MAX_PAGE);
        Instant now = clock.instant();
        List<PayoutView> page = tx.run(t -> {
            try (var rows = t.namedQuery("payout-list", afterId, s, s, raffleId, raffleId, n)) {
                return rows.map(r -> PayoutView.of(r, now)).toList();
            }
        });
        return Page.of(page, n, PayoutView::id);
    }

    public PayoutView.Detail get(long id) {
        Instant now = clock.instant();
        return tx.run(t -> {
            DbRow row = t.namedGet("payout-view", id).orElseThrow(() -> ApiException.notFound("No payout " + id));
            List<PayoutView.Decision> decisions;
            try (var rows = t.namedQuery("payout-decisions", id)) {
                decisions = rows.map(PayoutView.Decision::of).toList();
            }
            return new PayoutView.Detail(PayoutView.of(row, now), decisions);
        });
    }

    /** The payouts of a raffle, in place order. */
    public List<PayoutView> ofRaffle(long raffleId) {
        Instant now = clock.instant();
        return tx.run(t -> {
            List<Long> ids;
            try (var rows = t.namedQuery("payouts-of-raffle", raffleId)) {
                ids = rows.map(r -> Rows.getLong(r, "id")).toList();
            }
            return ids.stream()
                    .map(id -> PayoutView.of(t.namedGet("payout-view", id).orElseThrow(), now))
                    .toList();
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Payout lock(DbTransaction t, long id) {
        return t.namedGet("payout-lock", id)
                .map(Payout::of)
                .orElseThrow(() -> ApiException.notFound("No payout " + id));
    }

    private void announce(DbTransaction t, Payout p, Actor actor) {
        long approvals =
                Rows.getLong(t.namedGet("payout-approval-count", p.id()).orElseThrow(), "n");
        Outbox.append(
                t,
                new FeedEvent.PayoutChanged(
                        p.id(),
                        p.raffleId(),
                        p.place(),
                        p.playerId(),
                        p.amount(),
                        p.channel().name(),
                        p.state().name(),
                        (int) approvals,
                        p.approvalsRequired(),
                        actor.name()));
    }

    private static ApiException illegal(Payout p, String what) {
        return new ApiException(
                ErrorCode.ILLEGAL_TRANSITION, "Cannot " + what + " payout " + p.id() + ": it is " + name(p.state()));
    }

    private static ApiException busy(Payout p) {
        return new ApiException(
                ErrorCode.PAYOUT_BUSY,
                "Payout " + p.id() + " is being sent through Telegram right now; try again in a minute");
    }

    private static String name(PayoutState s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String requiredText(String value, String field, int max) {
        String v = optionalText(value, field, max);
        if (v == null) {
            throw ApiException.invalid(field, field + " is required");
        }
        return v;
    }

    static String optionalText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw ApiException.invalid(field, field + " must be at most " + max + " characters");
        }
        return v;
    }
}
