package io.rafflestars.backend.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger against a real PostgreSQL: what it posts, what it refuses by name, and what the database refuses. */
@ExtendWith(FreshDatabase.class)
class LedgerTest {
    private static final AtomicLong PLAYERS = new AtomicLong(1000);
    private static DatabaseUrl db;
    private static Database database;
    private static Transactions tx;
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
    private static Ledger ledger;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        database = Database.open(url, 8, Statements.load());
        database.migrate();
        tx = new Transactions(database.client());
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return NOW.get();
            }
        };
        ledger = new Ledger(tx, clock);
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    /** A fresh player credit account, funded from Telegram clearing with {@code amount}. */
    private static String fundedPlayer(long amount) {
        long player = PLAYERS.incrementAndGet();
        return tx.run(t -> {
            String code = ledger.openAccount(t, Chart.playerCredit(player));
            if (amount > 0) {
                ledger.post(t, transfer("fund:" + player, Chart.TELEGRAM_CLEARING, code, amount));
            }
            return code;
        });
    }

    private static TransferRequest transfer(String id, String debit, String credit, long amount) {
        return new TransferRequest(id, debit, credit, amount, TransferKind.CORRECTION, new Reference("test", id));
    }

    private static Account account(String code) {
        return ledger.account(code).orElseThrow();
    }

    private static TransferResult post(TransferRequest r) {
        return tx.run(t -> ledger.post(t, r));
    }

    @Test
    void aTransferMovesBothBalancesAndAReplayChangesNothing() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        TransferRequest r = transfer("move-1", a, b, 30);

        assertThat(post(r)).isInstanceOf(TransferResult.Created.class);
        assertThat(account(a).balance()).isEqualTo(70);
        assertThat(account(b).balance()).isEqualTo(30);

        TransferResult again = post(r);
        assertThat(again).isInstanceOf(TransferResult.AlreadyPosted.class);
        assertThat(again.transfer().amount()).isEqualTo(30);
        assertThat(account(a).balance()).isEqualTo(70);
        assertThat(account(b).balance()).isEqualTo(30);
    }

    @Test
    void theSameIdWithOtherFieldsIsRefused() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        post(transfer("clash-1", a, b, 10));

        assertThatThrownBy(() -> post(transfer("clash-1", a, b, 11)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.EXISTS_WITH_DIFFERENT_FIELDS));
        assertThat(account(b).balance()).isEqualTo(10);
    }

    @Test
    void aReplayIsAnsweredEvenWhenTheAccountCouldNoLongerAffordIt() {
        String a = fundedPlayer(10);
        String b = fundedPlayer(0);
        TransferRequest r = transfer("all-of-it", a, b, 10);
        post(r);
        assertThat(post(r)).isInstanceOf(TransferResult.AlreadyPosted.class);
    }

    @Test
    void aFlaggedAccountNeverGoesNegative() {
        String a = fundedPlayer(5);
        String b = fundedPlayer(0);

        assertThatThrownBy(() -> post(transfer("overdraw", a, b, 6)))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.EXCEEDS_CREDITS));
        assertThat(account(a).balance()).isEqualTo(5);
        assertThat(ledger.transfer("overdraw")).isEmpty();
    }

    @Test
    void clearingCannotPayOutMoreThanTelegramHoldsForUs() {
        fundedPlayer(25);
        long held = -account(Chart.TELEGRAM_CLEARING).balance();
        assertThat(held).isPositive();
        // payouts_off_platform has no limit of its own, so only clearing's rule can stop this
        assertThatThrownBy(() ->
                        post(transfer("too-much-out", Chart.PAYOUTS_OFF_PLATFORM, Chart.TELEGRAM_CLEARING, held + 1)))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.EXCEEDS_DEBITS));
        assertThat(-account(Chart.TELEGRAM_CLEARING).balance()).isEqualTo(held);
    }

    @Test
    void requestsAreCheckedBeforeTheyReachTheDatabase() {
        assertThatThrownBy(() -> transfer("zero", "a", "b", 0))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.AMOUNT_MUST_BE_POSITIVE));
        assertThatThrownBy(() -> transfer("self", "a", "a", 1))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.ACCOUNTS_MUST_BE_DIFFERENT));
        assertThatThrownBy(
                        () -> new TransferRequest(" ", "a", "b", 1, TransferKind.CORRECTION, new Reference("t", "x")))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.ID_INVALID));
        assertThatThrownBy(() -> new Reference("test", ""))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.REFERENCE_INVALID));
        assertThatThrownBy(() -> post(transfer("nowhere", Chart.TELEGRAM_CLEARING, "player_credit:999999999", 1)))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.ACCOUNT_NOT_FOUND));
        String a = fundedPlayer(1000);
        String b = fundedPlayer(0);
        List<TransferRequest> tooMany = IntStream.rangeClosed(0, Ledger.MAX_BATCH)
                .mapToObj(i -> transfer("big-" + i, a, b, 1))
                .toList();
        assertThatThrownBy(() -> tx.run(t -> ledger.postAll(t, tooMany)))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.BATCH_TOO_LARGE));
    }

    @Test
    void linkedTransfersCommitTogetherOrNotAtAll() {
        String a = fundedPlayer(50);
        String b = fundedPlayer(0);
        String c = fundedPlayer(0);

        assertThatThrownBy(() -> tx.run(t ->
                        ledger.postAll(t, List.of(transfer("link-ok", a, b, 40), transfer("link-too-much", a, c, 20)))))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.transferId()).isEqualTo("link-too-much"));
        assertThat(ledger.transfer("link-ok")).isEmpty();
        assertThat(account(a).balance()).isEqualTo(50);
        assertThat(account(b).balance()).isZero();

        List<TransferResult> done =
                tx.run(t -> ledger.postAll(t, List.of(transfer("link-1", a, b, 30), transfer("link-2", a, c, 20))));
        assertThat(done).allMatch(r -> r instanceof TransferResult.Created);
        assertThat(account(a).balance()).isZero();
        List<TransferResult> replayed =
                tx.run(t -> ledger.postAll(t, List.of(transfer("link-1", a, b, 30), transfer("link-2", a, c, 20))));
        assertThat(replayed).allMatch(r -> r instanceof TransferResult.AlreadyPosted);
    }

    @Test
    void aPendingTransferHoldsMoneyUntilPostedAndReleasesTheRest() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        Instant expiry = NOW.get().plus(Duration.ofHours(1));
        Transfer pending = post(TransferRequest.pending(
                        "hold-1", a, b, 80, TransferKind.PRIZE, new Reference("test", "hold-1"), expiry))
                .transfer();

        Account held = account(a);
        assertThat(held.balance()).isEqualTo(100);
        assertThat(held.debitsPending()).isEqualTo(80);
        // held money cannot be spent twice
        assertThatThrownBy(() -> post(transfer("spend-held", a, b, 21)))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.EXCEEDS_CREDITS));

        assertThatThrownBy(() -> post(TransferRequest.post("post-too-much", pending, 81)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.EXCEEDS_PENDING_AMOUNT));
        post(TransferRequest.post("post-1", pending, 60));
        assertThat(account(a).balance()).isEqualTo(40);
        assertThat(account(a).debitsPending()).isZero();
        assertThat(account(b).balance()).isEqualTo(60);
        assertThat(account(b).creditsPending()).isZero();

        assertThatThrownBy(() -> post(TransferRequest.post("post-2", pending, 10)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.PENDING_TRANSFER_ALREADY_POSTED));
        assertThatThrownBy(() -> post(TransferRequest.voiding("void-after-post", pending)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.PENDING_TRANSFER_ALREADY_POSTED));
        assertThat(post(TransferRequest.post("post-1", pending, 60))).isInstanceOf(TransferResult.AlreadyPosted.class);
    }

    @Test
    void aVoidedPendingTransferReleasesEverythingAndCannotBePosted() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        Transfer pending = post(TransferRequest.pending(
                        "hold-2",
                        a,
                        b,
                        100,
                        TransferKind.PRIZE,
                        new Reference("test", "hold-2"),
                        NOW.get().plusSeconds(60)))
                .transfer();
        post(TransferRequest.voiding("void-2", pending));
        assertThat(account(a).debitsPending()).isZero();
        assertThat(account(a).balance()).isEqualTo(100);
        assertThatThrownBy(() -> post(TransferRequest.post("post-after-void", pending, 100)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.PENDING_TRANSFER_ALREADY_VOIDED));
        Transfer single = post(transfer("not-pending", a, b, 1)).transfer();
        assertThatThrownBy(() -> post(TransferRequest.post("post-a-single", single, 1)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.PENDING_TRANSFER_NOT_PENDING));
    }

    @Test
    void anExpiredPendingTransferCanOnlyBeVoidedAndTheSweepVoidsIt() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        Transfer pending = post(TransferRequest.pending(
                        "hold-3",
                        a,
                        b,
                        70,
                        TransferKind.PRIZE,
                        new Reference("test", "hold-3"),
                        NOW.get().plusSeconds(60)))
                .transfer();
        assertThatThrownBy(() -> post(TransferRequest.pending(
                        "hold-past", a, b, 1, TransferKind.PRIZE, new Reference("test", "p"), NOW.get())))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.EXPIRY_NOT_IN_FUTURE));

        NOW.updateAndGet(n -> n.plusSeconds(61));
        assertThatThrownBy(() -> post(TransferRequest.post("post-late", pending, 70)))
                .isInstanceOfSatisfying(
                        LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.PENDING_TRANSFER_EXPIRED));
        assertThat(ledger.voidExpired(100)).isGreaterThanOrEqualTo(1);
        assertThat(ledger.transfer("expire:hold-3")).isPresent();
        assertThat(account(a).debitsPending()).isZero();
        assertThat(ledger.voidExpired(100)).isZero();
    }

    @Test
    void theDatabaseRefusesToRewriteHistory() {
        String a = fundedPlayer(10);
        String b = fundedPlayer(0);
        post(transfer("history", a, b, 10));
        for (String sql : List.of(
                "UPDATE ledger_transfer SET amount = 1 WHERE id = 'history'",
                "DELETE FROM ledger_transfer WHERE id = 'history'",
                "TRUNCATE ledger_transfer CASCADE",
                "UPDATE ledger_account SET credits_posted = credits_posted + 5 WHERE code = '" + b + "'",
                "UPDATE ledger_account SET debits_must_not_exceed_credits = false WHERE code = '" + b + "'",
                "DELETE FROM ledger_account WHERE code = '" + b + "'",
                "INSERT INTO ledger_account (code, type, name, debits_must_not_exceed_credits,"
                        + " credits_must_not_exceed_debits, credits_posted) VALUES ('player_credit:1', 'PLAYER_PRIZE_CREDIT',"
                        + " 'x', true, false, 100)")) {
            assertThatThrownBy(() -> TestDatabases.execute(db, sql)).as(sql).isInstanceOf(IllegalStateException.class);
        }
        assertThat(account(b).balance()).isEqualTo(10);
        assertThat(ledger.transfer("history").orElseThrow().amount()).isEqualTo(10);
    }

    @Test
    void transfersInOppositeDirectionsAtOnceNeitherDeadlockNorLoseMoney() throws Exception {
        String a = fundedPlayer(1_000);
        String b = fundedPlayer(1_000);
        int each = 200;
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            int n = i;
            jobs.add(() -> {
                post(transfer("ab-" + n, a, b, 3));
                return null;
            });
            jobs.add(() -> {
                post(transfer("ba-" + n, b, a, 2));
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Void> f : pool.invokeAll(jobs)) {
                f.get();
            }
        }
        assertThat(account(a).balance()).isEqualTo(1_000 - each * 3 + each * 2);
        assertThat(account(b).balance()).isEqualTo(1_000 + each * 3 - each * 2);
    }

    @Test
    void theTrialBalanceBalancesAndTheMigrationOpensTheChartsSystemAccounts() {
        fundedPlayer(42);
        assertThat(ledger.trialBalance().balanced()).isTrue();
        assertThat(ledger.trialBalance().debits()).isPositive();
        for (AccountSpec spec : Chart.systemAccounts()) {
            Account a = account(spec.code());
            assertThat(a.type()).isEqualTo(spec.type());
            assertThat(a.name()).isEqualTo(spec.name());
        }
        assertThat(ledger.accounts(1000, 0)).extracting(Account::code).contains(Chart.TELEGRAM_CLEARING);
        assertThat(
                        TestDatabases.count(
                                db,
                                "SELECT count(*) FROM ledger_account WHERE (type = 'TELEGRAM_CLEARING') <>"
                                        + " credits_must_not_exceed_debits OR (type IN ('REFUNDS_PENDING', 'HOUSE_REVENUE',"
                                        + " 'PLAYER_PRIZE_CREDIT', 'RAFFLE_POT', 'PRIZE_LIABILITY')) <> debits_must_not_exceed_credits"))
                .isZero();
    }

    @Test
    void anAccountsTransfersPageOldestFirst() {
        String a = fundedPlayer(100);
        String b = fundedPlayer(0);
        for (int i = 0; i < 5; i++) {
            post(transfer("page-" + i, a, b, 1));
        }
        List<Transfer> first = ledger.transfersOf(b, 0, 3);
        assertThat(first).extracting(Transfer::id).containsExactly("page-0", "page-1", "page-2");
        List<Transfer> rest = ledger.transfersOf(b, first.getLast().seq(), 3);
        assertThat(rest).extracting(Transfer::id).containsExactly("page-3", "page-4");
        assertThat(ledger.transfersOf(a, 0, 10))
                .extracting(Transfer::id)
                .startsWith(a.replace("player_credit:", "fund:"));
    }
}
