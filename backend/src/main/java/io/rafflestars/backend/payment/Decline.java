package io.rafflestars.backend.payment;

import io.rafflestars.backend.bot.Lang;

/** Why a pre-checkout is refused, with the words the player sees in Telegram's payment form. */
public enum Decline {
    UNKNOWN_INVOICE(
            "This invoice is no longer valid. Please start the purchase again.",
            "Этот счёт больше не действителен. Начните покупку заново."),
    AMOUNT_MISMATCH(
            "The amount does not match the invoice. Please start the purchase again.",
            "Сумма не совпадает со счётом. Начните покупку заново."),
    NOT_OPEN(
            "Ticket sales for this raffle are not open right now.", "Продажа билетов в этом розыгрыше сейчас закрыта."),
    SOLD_OUT(
            "Not enough tickets left for this purchase. Try a smaller quantity.",
            "Осталось недостаточно билетов. Попробуйте купить меньше."),
    PLAYER_CAP(
            "This would exceed the ticket limit per player for this raffle.",
            "Это превысит лимит билетов на игрока в этом розыгрыше.");

    private final String en;
    private final String ru;

    Decline(String en, String ru) {
        this.en = en;
        this.ru = ru;
    }

    public String message(Lang lang) {
        return switch (lang) {
            case EN -> en;
            case RU -> ru;
        };
    }
}
