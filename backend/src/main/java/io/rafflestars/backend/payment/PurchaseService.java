package io.rafflestars.backend.payment;

import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Purchase intents: a player's wish to buy N tickets of a raffle, behind a fresh unguessable invoice payload. The
 * checks here are a courtesy (so the player is not shown an invoice that will certainly fail); pre-checkout checks
 * again and is what counts.
 */
public final class PurchaseService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions tx;
    private final Clock clock;

    public PurchaseService(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    public enum Channel {
        CHAT_INVOICE,
        INVOICE_LINK
    }

    /** What the invoice must say; {@code payload} is the intent's key. */
    public record Invoice(
            long intentId,
            String payload,
            long raffleId,
            int quantity,
            long amount,
            String title,
            String description) {}

    public Invoice createIntent(long raffleId, long playerId, int quantity, Channel channel) {
        if (quantity < 1) {
            throw ApiException.invalid("quantity", "quantity must be at least 1");
        }
        return tx.run(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, false);
            if (raffle.state() != RaffleState.OPEN) {
                throw new ApiException(
                        ErrorCode.RAFFLE_NOT_OPEN,
                        "Raffle " + raffleId + " is " + raffle.state().name().toLowerCase() + ", not selling tickets");
            }
            if (quantity > raffle.spec().perPlayerCap()) {
                throw ApiException.invalid(
                        "quantity", "at most " + raffle.spec().perPlayerCap() + " tickets per player in this raffle");
            }
            // Holds past their expiry are free again even before the scheduler releases them.
            long liveHeld = Rows.getLong(
                    t.namedGet("raffle-live-held", raffleId, Rows.ts(clock.instant()))
                            .orElseThrow(),
                    "held");
            long left = raffle.spec().totalTickets() - raffle.ticketsSold() - liveHeld;
            if (quantity > left) {
                throw new ApiException(ErrorCode.SOLD_OUT, "Only " + Math.max(0, left) + " tickets left");
            }
            long amount = Math.multiplyExact(raffle.spec().ticketPrice(), (long) quantity);
            String payload = newPayload();
            long id = Rows.getLong(
                    t.namedGet("intent-insert", payload, raffleId, playerId, quantity, amount, channel.name())
                            .orElseThrow(),
                    "id");
            String title = raffle.spec().title();
            String description = quantity + (quantity == 1 ? " ticket" : " tickets") + " · "
                    + raffle.spec().description();
            if (description.length() > 255) {
                description = description.substring(0, 254) + "…";
            }
            return new Invoice(id, payload, raffleId, quantity, amount, title, description);
        });
    }

    /** 24 random bytes, URL-safe: 32 characters, well under Telegram's 128-byte payload limit. */
    static String newPayload() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
