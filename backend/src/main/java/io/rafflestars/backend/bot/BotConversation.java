package io.rafflestars.backend.bot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.telegram.InboundUpdate;
import io.rafflestars.backend.telegram.OutgoingMessages;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's side of the chat: commands and buy buttons. Every reply, invoices included, goes through the one
 * outgoing queue (rate limits, nothing lost). Texts follow the user's {@code language_code}.
 */
public final class BotConversation {
    static final int[] QUANTITIES = {1, 3, 5};

    private final Transactions tx;
    private final RaffleService raffles;
    private final PurchaseService purchases;
    private final OutgoingMessages outgoing;
    private final MiniAppLinks app;
    private final Clock clock;

    public BotConversation(
            Transactions tx,
            RaffleService raffles,
            PurchaseService purchases,
            OutgoingMessages outgoing,
            MiniAppLinks app,
            Clock clock) {
        this.tx = tx;
        this.raffles = raffles;
        this.purchases = purchases;
        this.outgoing = outgoing;
        this.app = app;
        this.clock = clock;
    }

    public void onText(InboundUpdate.TextMessage m) {
        Lang lang = Lang.of(m.from().languageCode());
        String text = m.text() == null ? "" : m.text().strip();
        String[] parts = text.split("\\s+", 2);
        String command = parts[0].toLowerCase(java.util.Locale.ROOT);
        int at = command.indexOf('@');
        if (at > 0) {
            command = command.substring(0, at);
        }
        String arg = parts.length > 1 ? parts[1].strip() : "";
        long chat = m.chatId();
        String key = "reply:" + m.updateId();
        switch (command) {
            case "/start" -> {
                // t.me/<bot>?start=raffle_<id> arrives as "/start raffle_<id>"; anything else is a plain start
                if (arg.startsWith(MiniAppLinks.RAFFLE_PREFIX)) {
                    startAtRaffle(chat, lang, parseId(arg.substring(MiniAppLinks.RAFFLE_PREFIX.length())), key);
                } else {
                    text(chat, Texts.welcome(lang, m.from().firstName()), appRow(lang), key);
                }
            }
            case "/raffles" -> listRaffles(chat, lang, key);
            case "/mytickets" -> myTickets(chat, m.from().id(), lang, key);
            case "/help" -> text(chat, Texts.help(lang), null, key);
            case "/terms" -> text(chat, Texts.terms(lang), null, key);
            case "/paysupport" -> text(chat, Texts.paySupport(lang, m.from().id()), null, key);
            default -> text(chat, Texts.unknownCommand(lang), null, key);
        }
    }

    /** Button presses: {@code raffle:<id>} shows a raffle, {@code buy:<id>:<quantity>} sends an invoice. */
    public void onCallback(InboundUpdate.CallbackQuery q) {
        Lang lang = Lang.of(q.from().languageCode());
        long chat = q.chatId() != null ? q.chatId() : q.from().id();
        String data = q.data() == null ? "" : q.data();
        String key = "reply:" + q.updateId();
        String[] parts = data.split(":");
        if (parts.length == 2 && parts[0].equals("raffle")) {
            showRaffle(chat, lang, parseId(parts[1]), key);
        } else if (parts.length == 3 && parts[0].equals("buy")) {
            buy(chat, q.from().id(), lang, parseId(parts[1]), (int) parseId(parts[2]), key);
        } else {
            text(chat, Texts.unknownCommand(lang), null, key);
        }
    }

    private void buy(long chat, long player, Lang lang, long raffleId, int quantity, String key) {
        PurchaseService.Invoice invoice;
        try {
            invoice = purchases.createIntent(raffleId, player, quantity, PurchaseService.Channel.CHAT_INVOICE);
        } catch (ApiException e) {
            text(chat, Texts.cannotBuy(lang, e.getMessage()), null, key);
            return;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("chat_id", chat);
        body.put("title", invoice.title());
        body.put("description", invoice.description());
        body.put("payload", invoice.payload());
        body.put("currency", "XTR");
        body.put("provider_token", "");
        ObjectNode price = body.putArray("prices").addObject();
        price.put("label", quantity + " × ticket");
        price.put("amount", invoice.amount());
        tx.execute(t -> outgoing.enqueue(t, chat, "sendInvoice", body, key));
    }

    /**
     * A deep link to one raffle: the raffle with its buy buttons and a button opening it in the Mini App while sales
     * are open; a clear word when it has ended or never existed, with the way to the open ones.
     */
    private void startAtRaffle(long chat, Lang lang, long raffleId, String key) {
        Raffle r;
        try {
            r = raffles.get(raffleId);
        } catch (ApiException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            r = null;
        }
        if (r == null || !r.state().visibleToPlayers()) {
            text(chat, Texts.raffleNotFound(lang), appRow(lang), key);
            return;
        }
        String title = r.spec().title();
        ArrayNode keyboard = Json.mapper().createArrayNode();
        if (r.state() == RaffleState.OPEN) {
            keyboard.addAll(buyRow(lang, r));
        }
        String body = switch (r.state()) {
            case OPEN ->
                title + "\n" + r.spec().description() + "\n"
                        + Texts.raffleLine(lang, title, r.spec().ticketPrice(), r.ticketsLeft(), endsIn(r));
            case SCHEDULED -> Texts.raffleNotYetOpen(lang, title);
            case PAUSED -> Texts.rafflePaused(lang, title);
            case CLOSED, DRAWN, SETTLED -> Texts.raffleEnded(lang, title);
            case CANCELLED -> Texts.raffleWasCancelled(lang, title);
            case DRAFT -> throw new IllegalStateException("a draft is not visible to players");
        };
        app.raffle(r.id())
                .ifPresent(url -> keyboard.addArray().add(MiniAppLinks.button(Texts.openRaffleInApp(lang), url)));
        text(chat, body, keyboard, key);
    }

    /** One keyboard row with the button opening the Mini App, or none without a public URL. */
    private ArrayNode appRow(Lang lang) {
        ArrayNode rows = Json.mapper().createArrayNode();
        app.home().ifPresent(url -> rows.addArray().add(MiniAppLinks.button(Texts.openApp(lang), url)));
        return rows;
    }

    private void showRaffle(long chat, Lang lang, long raffleId, String key) {
        Raffle r;
        try {
            r = raffles.get(raffleId);
        } catch (ApiException e) {
            text(chat, Texts.noRaffles(lang), null, key);
            return;
        }
        if (!r.state().visibleToPlayers()) {
            text(chat, Texts.noRaffles(lang), null, key);
            return;
        }
        String body = r.spec().title() + "\n" + r.spec().description() + "\n"
                + Texts.raffleLine(lang, r.spec().title(), r.spec().ticketPrice(), r.ticketsLeft(), endsIn(r));
        text(chat, body, r.state() == RaffleState.OPEN ? buyRow(lang, r) : null, key);
    }

    private void listRaffles(long chat, Lang lang, String key) {
        List<Raffle> open = raffles.listByState(RaffleState.OPEN, 10);
        if (open.isEmpty()) {
            text(chat, Texts.noRaffles(lang), null, key);
            return;
        }
        StringBuilder sb = new StringBuilder();
        ArrayNode keyboard = Json.mapper().createArrayNode();
        for (Raffle r : open) {
            sb.append(Texts.raffleLine(lang, r.spec().title(), r.spec().ticketPrice(), r.ticketsLeft(), endsIn(r)))
                    .append('\n');
            keyboard.add(buyRow(lang, r).get(0));
        }
        text(chat, sb.toString().strip(), keyboard, key);
    }

    private void myTickets(long chat, long player, Lang lang, String key) {
        Map<String, StringBuilder> byRaffle = new LinkedHashMap<>();
        tx.execute(t -> {
            try (var rows = t.namedQuery("tickets-of-player", player, 500)) {
                rows.forEach(r -> byRaffle.computeIfAbsent(
                                Rows.string(r, "title") + " ("
                                        + Rows.string(r, "state").toLowerCase() + ")",
                                k -> new StringBuilder())
                        .append(" #")
                        .append(Rows.getInt(r, "number"))
                        .append(Rows.instant(r, "voided_at") == null ? "" : "✗"));
            }
        });
        if (byRaffle.isEmpty()) {
            text(chat, Texts.myTicketsNone(lang), null, key);
            return;
        }
        StringBuilder sb = new StringBuilder(Texts.myTicketsHeader(lang));
        byRaffle.forEach(
                (raffle, numbers) -> sb.append('\n').append(raffle).append(':').append(numbers));
        text(chat, sb.toString(), null, key);
    }

    /** One keyboard row of buy buttons for the quantities that fit the raffle. */
    private static ArrayNode buyRow(Lang lang, Raffle r) {
        ArrayNode rows = Json.mapper().createArrayNode();
        ArrayNode row = rows.addArray();
        for (int q : QUANTITIES) {
            if (q <= r.spec().perPlayerCap() && q <= Math.max(1, r.ticketsLeft())) {
                ObjectNode b = row.addObject();
                b.put("text", Texts.buyButton(lang, q, r.spec().ticketPrice() * q));
                b.put("callback_data", "buy:" + r.id() + ":" + q);
            }
        }
        return rows;
    }

    private String endsIn(Raffle r) {
        Duration d = Duration.between(clock.instant(), r.spec().endsAt());
        if (d.isNegative()) {
            return "0m";
        }
        long days = d.toDays();
        return days > 0 ? days + "d " + d.toHoursPart() + "h" : d.toHours() + "h " + d.toMinutesPart() + "m";
    }

    private void text(long chat, String text, ArrayNode keyboard, String key) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("chat_id", chat);
        body.put("text", text);
        if (keyboard != null && !keyboard.isEmpty()) {
            body.putObject("reply_markup").set("inline_keyboard", keyboard);
        }
        tx.execute(t -> outgoing.enqueue(t, chat, "sendMessage", body, key));
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Remembers the player's name and language for later messages. */
    public static void rememberPlayer(DbTransaction t, io.rafflestars.backend.telegram.TelegramUser u) {
        t.namedInsert("player-upsert", u.id(), u.firstName(), u.username(), u.languageCode());
    }
}
