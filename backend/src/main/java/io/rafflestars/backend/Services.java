package io.rafflestars.backend;

import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.auth.Sessions;
import io.rafflestars.backend.auth.Tokens;
import io.rafflestars.backend.auth.Users;
import io.rafflestars.backend.bot.Announcements;
import io.rafflestars.backend.bot.BotConversation;
import io.rafflestars.backend.bot.BotUpdates;
import io.rafflestars.backend.bot.MiniAppLinks;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.draw.DrawService;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.LedgerReports;
import io.rafflestars.backend.payment.CreditPurchases;
import io.rafflestars.backend.payment.FreeEntries;
import io.rafflestars.backend.payment.Mismatches;
import io.rafflestars.backend.payment.PaymentFlow;
import io.rafflestars.backend.payment.PaymentPostings;
import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.backend.payment.Reconciliation;
import io.rafflestars.backend.payment.Refunds;
import io.rafflestars.backend.payout.PayoutService;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.platform.Workers;
import io.rafflestars.backend.player.InitData;
import io.rafflestars.backend.player.Players;
import io.rafflestars.backend.raffle.RaffleScheduler;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.OutgoingMessages;
import io.rafflestars.backend.telegram.UpdateInbox;
import io.rafflestars.common.draw.NoBeacon;
import java.time.Clock;
import java.time.Duration;

/**
 * The domain services of one instance, wired once. Tests and demo mode call them directly; HTTP handlers are thin
 * layers over them.
 */
public record Services(
        Transactions tx,
        AuditLog audit,
        Ledger ledger,
        RaffleService raffles,
        PurchaseService purchases,
        PaymentFlow payments,
        Refunds refunds,
        Reconciliation reconciliation,
        BotApiClient telegram,
        OutgoingMessages outgoing,
        UpdateInbox inbox,
        RaffleScheduler scheduler,
        Users users,
        Tokens tokens,
        Sessions sessions,
        DrawService draws,
        PayoutService payouts,
        CreditPurchases credits,
        LedgerReports ledgerReports,
        Mismatches mismatches,
        InitData initData,
        Players players,
        FreeEntries freeEntries,
        Announcements announcements) {

    /**
     * The bot's overall pace, for every instance together. Telegram's limit is about 30 a second; 25 leaves room for
     * the few milliseconds by which a call can leave late, so that no second at Telegram sees more than 30.
     */
    static final int MESSAGES_PER_SECOND = 25;

    static Services wire(
            Database database, Settings.Telegram telegram, Settings settings, byte[] jwtSecret, Clock clock) {
        Transactions tx = new Transactions(database.client());
        BotApiClient api = new BotApiClient(telegram.apiUrl(), telegram.botToken());
        AuditLog audit = new AuditLog(tx);
        Ledger ledger = new Ledger(tx, clock);
        OutgoingMessages outgoing = new OutgoingMessages(tx, api, MESSAGES_PER_SECOND);
        PlayerNotices notices = new PlayerNotices(outgoing);
        PaymentPostings postings = new PaymentPostings(ledger);
        Refunds refunds = new Refunds(tx, clock, postings, notices, Refunds.viaTelegram(api));
        CreditPurchases credits = new CreditPurchases(tx, clock, ledger, notices);
        RaffleService raffles = new RaffleService(
                tx,
                clock,
                (t, raffle, reason) -> {
                    refunds.onCancelled(t, raffle, reason);
                    credits.onCancelled(t, raffle, reason);
                },
                audit);
        PurchaseService purchases = new PurchaseService(tx, clock);
        PaymentFlow payments = new PaymentFlow(tx, clock, settings.holdTtl(), postings, notices);
        PayoutService payouts = new PayoutService(tx, clock, ledger, audit, raffles, notices, api, settings.payouts());
        // No public beacon is configured: the draw is verifiable from the commitment and the ticket list alone.
        DrawService draws = new DrawService(tx, raffles, payouts, ledger, audit, notices, NoBeacon.INSTANCE);
        BotConversation conversation =
                new BotConversation(tx, raffles, purchases, outgoing, new MiniAppLinks(settings.publicUrl()), clock);
        UpdateInbox inbox = new UpdateInbox(tx, new BotUpdates(tx, payments, refunds, conversation, api), clock);
        Reconciliation reconciliation = new Reconciliation(tx, api, clock, Duration.ofMinutes(10));
        Tokens tokens = new Tokens(jwtSecret, settings.auth().accessTokenTtl(), tx, clock);
        InitData initData = new InitData(
                telegram.botToken(),
                settings.feed().initDataMaxAge(),
                clock,
                settings.feed().initDataThirdParty().map(k -> InitData.ThirdParty.of(k, telegram.botToken())));
        return new Services(
                tx,
                audit,
                ledger,
                raffles,
                purchases,
                payments,
                refunds,
                reconciliation,
                api,
                outgoing,
                inbox,
                new RaffleScheduler(tx, raffles, clock, draws::drawDue),
                new Users(tx, audit),
                tokens,
                new Sessions(tx, tokens, audit, clock, settings.auth().refreshTokenTtl()),
                draws,
                payouts,
                credits,
                new LedgerReports(database, ledger),
                new Mismatches(tx, database, audit),
                initData,
                new Players(tx, raffles, purchases, api, clock),
                new FreeEntries(tx, clock, ledger, audit),
                new Announcements(tx, audit));
    }

    /** Starts this instance's background jobs; every one of them is safe to run on several instances at once. */
    void startWorkers(Workers workers, Settings settings) {
        Duration poll = settings.workerPoll();
        if (settings.scheduler()) {
            workers.every("raffle-scheduler", poll.multipliedBy(4), scheduler::tick);
        }
        workers.every("refunds", poll, () -> refunds.executeDue(50));
        workers.every("outgoing-messages", poll, () -> outgoing.sendDue(MESSAGES_PER_SECOND));
        workers.every("outgoing-chat-prune", Duration.ofMinutes(10), outgoing::pruneChats);
        workers.every("update-retries", poll.multipliedBy(4), () -> inbox.retryDue(50));
        workers.every("ledger-expiry", Duration.ofSeconds(30), () -> ledger.voidExpired(100));
        workers.every("payout-gifts", poll.multipliedBy(4), () -> payouts.executeGifts(20));
        workers.every("payout-expiry", Duration.ofMinutes(1), () -> payouts.expireDue(100));
        workers.every("update-prune", Duration.ofMinutes(10), () -> inbox.prune(Duration.ofHours(48)));
        workers.every("session-prune", Duration.ofMinutes(10), sessions::prune);
        if (!settings.demo()) {
            // The demo's fake Telegram forgets its charges on restart; reconciling against it would only cry wolf.
            workers.every("reconciliation", Duration.ofHours(1), reconciliation::run);
        }
    }
}
