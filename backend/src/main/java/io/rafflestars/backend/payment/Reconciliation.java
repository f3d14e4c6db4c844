package io.rafflestars.backend.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.common.api.FeedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares our payments and refunds with Telegram's Star transactions ({@code getStarTransactions}, paged) and
 * records every difference for finance: a charge on one side only, an amount that differs, a refund on one side
 * only. Transactions younger than {@code grace} are left for the next run: their update may still be on its way.
 */
public final class Reconciliation {
    private static final System.Logger LOG = System.getLogger(Reconciliation.class.getName());
    private static final int PAGE = 100;

    private final Transactions tx;
    private final BotApiClient api;
    private final Clock clock;
    private final Duration grace;

    public Reconciliation(Transactions tx, BotApiClient api, Clock clock, Duration grace) {
        this.tx = tx;
        this.api = api;
        this.clock = clock;
        this.grace = grace;
    }

    /** One difference found. */
    public record Mismatch(String kind, String chargeId, Long ourAmount, Long telegramAmount, String detail) {}

    /** The outcome of a run. */
    public record Report(long runId, int telegramRows, List<Mismatch> mismatches) {}

    private record TelegramSide(Map<String, Long> payments, Map<String, Long> refunds, Map<String, Instant> dates) {}

    private record OurPayment(String chargeId, long amount, String state, Instant receivedAt) {}

    public Report run() {
        long runId = tx.run(t -> Rows.getLong(t.namedGet("recon-run-start").orElseThrow(), "id"));
        int[] rows = {0};
        TelegramSide telegram = readTelegram(rows);
        Instant settled = clock.instant().minus(grace);
        List<OurPayment> ours = tx.run(t -> {
            try (var r = t.namedQuery("recon-payments")) {
                return r.map(p -> new OurPayment(
                                Rows.string(p, "telegram_payment_charge_id"),
                                Rows.getLong(p, "amount"),
                                Rows.string(p, "state"),
                                Rows.instant(p, "received_at")))
                        .toList();
            }
        });
        List<Mismatch> found = compare(telegram, ours, settled);
        tx.execute(t -> {
            for (Mismatch m : found) {
                DbRow row = t.namedGet(
                                "recon-mismatch-insert",
                                runId,
                                m.kind(),
                                m.chargeId(),
                                m.ourAmount(),
                                m.telegramAmount(),
                                m.detail())
                        .orElseThrow();
                Outbox.append(t, new FeedEvent.ReconciliationMismatch(Rows.getLong(row, "id"), m.kind(), m.chargeId()));
            }
            t.namedUpdate("recon-run-finish", rows[0], found.size(), runId);
        });
        if (!found.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Reconciliation run {0,number,#}: {1} mismatch(es)",
                    runId,
                    found.size());
        }
        return new Report(runId, rows[0], found);
    }

    static List<Mismatch> compare(TelegramSide telegram, List<OurPayment> ours, Instant settled) {
        List<Mismatch> found = new ArrayList<>();
        Map<String, OurPayment> byCharge = new HashMap<>();
        for (OurPayment p : ours) {
            byCharge.put(p.chargeId(), p);
            Long theirs = telegram.payments().get(p.chargeId());
            if (theirs == null) {
                if (p.receivedAt().isBefore(settled)) {
                    found.add(new Mismatch(
                            "MISSING_AT_TELEGRAM",
                            p.chargeId(),
                            p.amount(),
                            null,
                            "we recorded a payment Telegram does not list"));
                }
                continue;
            }
            if (theirs != p.amount()) {
                found.add(new Mismatch(
                        "AMOUNT_DIFFERS",
                        p.chargeId(),
                        p.amount(),
                        theirs,
                        "we recorded " + p.amount() + ", Telegram " + theirs));
            }
            if (p.state().equals("REFUNDED") && !telegram.refunds().containsKey(p.chargeId())) {
                found.add(new Mismatch(
                        "REFUND_MISSING_AT_TELEGRAM",
                        p.chargeId(),
                        p.amount(),
                        null,
                        "we marked it refunded, Telegram lists no refund"));
            }
            if (p.state().equals("CREDITED") && telegram.refunds().containsKey(p.chargeId())) {
                found.add(new Mismatch(
                        "REFUND_MISSING_HERE",
                        p.chargeId(),
                        p.amount(),
                        telegram.refunds().get(p.chargeId()),
                        "Telegram refunded it, we still count its tickets"));
            }
        }
        telegram.payments().forEach((charge, amount) -> {
            if (!byCharge.containsKey(charge) && telegram.dates().get(charge).isBefore(settled)) {
                found.add(new Mismatch(
                        "MISSING_HERE", charge, null, amount, "Telegram took a payment we never recorded"));
            }
        });
        return found;
    }

    /** Every page of Telegram's list: incoming invoice payments and outgoing refunds from users. */
    private TelegramSide readTelegram(int[] rows) {
        Map<String, Long> payments = new HashMap<>();
        Map<String, Long> refunds = new HashMap<>();
        Map<String, Instant> dates = new HashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = api.getStarTransactions(offset, PAGE).path("transactions");
            for (JsonNode t : page) {
                rows[0]++;
                String id = t.path("id").asText();
                long amount = t.path("amount").asLong();
                if ("user".equals(t.path("source").path("type").asText())) {
                    payments.put(id, amount);
                    dates.put(id, Instant.ofEpochSecond(t.path("date").asLong()));
                } else if ("user".equals(t.path("receiver").path("type").asText())) {
                    refunds.put(id, amount);
                }
            }
            if (page.size() < PAGE) {
                return new TelegramSide(payments, refunds, dates);
            }
        }
    }
}
