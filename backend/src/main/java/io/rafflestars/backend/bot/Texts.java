package io.rafflestars.backend.bot;

import java.util.List;
import java.util.stream.Collectors;

/** Everything the bot says, in English and Russian. Amounts are whole Stars. */
public final class Texts {
    private Texts() {}

    static String pick(Lang lang, String en, String ru) {
        return switch (lang) {
            case EN -> en;
            case RU -> ru;
        };
    }

    public static String stars(long amount) {
        return String.format(java.util.Locale.ROOT, "%,d ⭐", amount).replace(',', ' ');
    }

    public static String numbers(List<Integer> numbers) {
        return numbers.stream().map(n -> "#" + n).collect(Collectors.joining(", "));
    }

    public static String welcome(Lang l, String name) {
        String who = name == null || name.isBlank() ? "" : ", " + name;
        return pick(
                l,
                "Welcome to Raffle Stars" + who + "! Buy tickets with Telegram Stars and win prizes.\n"
                        + "/raffles — open raffles\n/mytickets — your tickets\n/help — how it works",
                "Добро пожаловать в Raffle Stars" + who + "! Покупайте билеты за Telegram Stars и выигрывайте призы.\n"
                        + "/raffles — открытые розыгрыши\n/mytickets — ваши билеты\n/help — как это работает");
    }

    public static String help(Lang l) {
        return pick(
                l,
                "How it works: pick a raffle, choose how many tickets, pay with Stars. Your ticket numbers arrive"
                        + " here at once. When sales close, winners are drawn with a provably fair method you can"
                        + " check yourself.\n/raffles /mytickets /terms /paysupport",
                "Как это работает: выберите розыгрыш и число билетов, оплатите звёздами. Номера билетов сразу"
                        + " придут сюда. После закрытия продаж победители определяются честным проверяемым"
                        + " способом.\n/raffles /mytickets /terms /paysupport");
    }

    public static String terms(Lang l) {
        return pick(
                l,
                "Terms: tickets are paid in Telegram Stars and are final, except that every ticket of a cancelled"
                        + " raffle is refunded in full, and a payment we cannot turn into tickets is refunded"
                        + " automatically. Draws are provably fair: the seed's hash is published before sales."
                        + " Some raffles offer a free entry. Questions: /paysupport",
                "Условия: билеты оплачиваются Telegram Stars и не возвращаются, кроме случаев отмены розыгрыша"
                        + " (возврат полностью) и платежей, которые не удалось превратить в билеты (возврат"
                        + " автоматически). Розыгрыши честные и проверяемые. Вопросы: /paysupport");
    }

    public static String paySupport(Lang l, long userId) {
        return pick(
                l,
                "Payment support: describe the problem in a message here, including the date and amount. Your"
                        + " player id is " + userId + ". We answer within 24 hours; refunds for failed purchases"
                        + " happen automatically.",
                "Поддержка по платежам: опишите проблему здесь, укажите дату и сумму. Ваш id игрока: " + userId
                        + ". Мы отвечаем в течение 24 часов; за неудавшиеся покупки возврат происходит"
                        + " автоматически.");
    }

    public static String noRaffles(Lang l) {
        return pick(l, "No raffles are open right now. Check back soon!", "Сейчас нет открытых розыгрышей.");
    }

    public static String raffleLine(Lang l, String title, long price, int left, String endsIn) {
        return pick(
                l,
                title + " — " + stars(price) + " per ticket, " + left + " left, ends in " + endsIn,
                title + " — " + stars(price) + " за билет, осталось " + left + ", до конца " + endsIn);
    }

    public static String buyButton(Lang l, int quantity, long amount) {
        return pick(l, "Buy " + quantity + " · " + stars(amount), "Купить " + quantity + " · " + stars(amount));
    }

    public static String ticketsIssued(Lang l, String title, List<Integer> numbers) {
        return pick(
                l,
                "Payment received. Your tickets in \"" + title + "\": " + numbers(numbers) + ". Good luck!",
                "Оплата получена. Ваши билеты в «" + title + "»: " + numbers(numbers) + ". Удачи!");
    }

    public static String refundComing(Lang l, long amount) {
        return pick(
                l,
                "We could not turn your payment into tickets (sold out or sales closed). " + stars(amount)
                        + " will be refunded to you automatically.",
                "Не удалось превратить платёж в билеты (билеты кончились или продажи закрыты). " + stars(amount)
                        + " будут возвращены автоматически.");
    }

    public static String raffleCancelled(Lang l, String title, long amount) {
        return pick(
                l,
                "The raffle \"" + title + "\" was cancelled. Your payment of " + stars(amount)
                        + " will be refunded in full.",
                "Розыгрыш «" + title + "» отменён. Ваш платёж " + stars(amount) + " будет возвращён полностью.");
    }

    public static String freeEntryCancelled(Lang l, String title) {
        return pick(
                l,
                "The raffle \"" + title
                        + "\" was cancelled, so your free entry will not be drawn. Nothing was charged.",
                "Розыгрыш «" + title + "» отменён, ваш бесплатный билет не участвует в розыгрыше. Списаний не было.");
    }

    public static String refunded(Lang l, long amount) {
        return pick(l, stars(amount) + " have been refunded to you.", stars(amount) + " возвращены вам.");
    }

    public static String myTicketsNone(Lang l) {
        return pick(l, "You have no tickets yet. /raffles", "У вас пока нет билетов. /raffles");
    }

    public static String myTicketsHeader(Lang l) {
        return pick(l, "Your tickets:", "Ваши билеты:");
    }

    public static String unknownCommand(Lang l) {
        return pick(l, "I did not understand that. /help", "Я не понял. /help");
    }

    public static String cannotBuy(Lang l, String reason) {
        return pick(l, "Cannot buy: " + reason, "Купить нельзя: " + reason);
    }

    public static String invoiceSent(Lang l) {
        return pick(l, "Invoice sent ⬇️", "Счёт отправлен ⬇️");
    }

    public static String prizeWon(Lang l, String title, int place, int ticket, long prize) {
        return pick(
                l,
                "Congratulations! Your ticket #" + ticket + " won place " + place + " in \"" + title + "\". Prize: "
                        + stars(prize) + ". Our finance team approves every prize before it is paid; we will tell you"
                        + " when yours is on its way.",
                "Поздравляем! Ваш билет #" + ticket + " занял " + place + "-е место в «" + title + "». Приз: "
                        + stars(prize) + ". Каждый приз перед выплатой проверяет наша финансовая служба; мы сообщим,"
                        + " когда он будет отправлен.");
    }

    public static String payoutApproved(Lang l, String title, int place, long amount) {
        return pick(
                l,
                "Your prize for place " + place + " in \"" + title + "\" (" + stars(amount)
                        + ") has been approved and is on its way.",
                "Ваш приз за " + place + "-е место в «" + title + "» (" + stars(amount) + ") одобрен и скоро будет у"
                        + " вас.");
    }

    public static String prizeCredited(Lang l, String title, long amount) {
        return pick(
                l,
                "Your prize from \"" + title + "\" is here: " + stars(amount)
                        + " of prize credit. Spend it on tickets of any raffle.",
                "Ваш приз из «" + title + "» получен: " + stars(amount) + " призового кредита. Тратьте его на билеты"
                        + " любых розыгрышей.");
    }

    public static String giftSent(Lang l, String title, long cost, long change) {
        String en =
                "Your prize from \"" + title + "\" has been sent to you as a Telegram gift worth " + stars(cost) + ".";
        String ru = "Ваш приз из «" + title + "» отправлен вам подарком Telegram стоимостью " + stars(cost) + ".";
        return change > 0
                ? pick(l, en + creditRest(Lang.EN, change), ru + creditRest(Lang.RU, change))
                : pick(l, en, ru);
    }

    public static String premiumSent(Lang l, String title, int months, long change) {
        String en = "Your prize from \"" + title + "\" has been sent: " + months + " months of Telegram Premium.";
        String ru = "Ваш приз из «" + title + "» отправлен: Telegram Premium на " + months + " мес.";
        return change > 0
                ? pick(l, en + creditRest(Lang.EN, change), ru + creditRest(Lang.RU, change))
                : pick(l, en, ru);
    }

    private static String creditRest(Lang l, long change) {
        return pick(
                l,
                " The rest, " + stars(change) + ", is yours as prize credit for tickets.",
                " Остаток, " + stars(change) + ", зачислен вам как призовой кредит на билеты.");
    }

    public static String prizePaidOffPlatform(Lang l, String title, long amount, String reference) {
        return pick(
                l,
                "Your prize from \"" + title + "\" (" + stars(amount) + ") has been paid. Reference: " + reference
                        + ".",
                "Ваш приз из «" + title + "» (" + stars(amount) + ") выплачен. Номер платежа: " + reference + ".");
    }

    public static String ticketsBoughtWithCredit(Lang l, String title, List<Integer> numbers, long amount) {
        return pick(
                l,
                "Paid " + stars(amount) + " from your prize credit. Your tickets in \"" + title + "\": "
                        + numbers(numbers) + ". Good luck!",
                "Оплачено " + stars(amount) + " из призового кредита. Ваши билеты в «" + title + "»: "
                        + numbers(numbers) + ". Удачи!");
    }

    public static String creditReturned(Lang l, String title, long amount) {
        return pick(
                l,
                "The raffle \"" + title + "\" was cancelled. " + stars(amount) + " went back to your prize credit.",
                "Розыгрыш «" + title + "» отменён. " + stars(amount) + " возвращены на ваш призовой кредит.");
    }

    /** An operator's announcement as the participants of {@code title} read it. */
    public static String announcement(Lang l, String title, String text) {
        return pick(l, "📣 Raffle \"" + title + "\":\n\n", "📣 Розыгрыш «" + title + "»:\n\n") + text;
    }

    public static String openApp(Lang l) {
        return pick(l, "🎟 Open Raffle Stars", "🎟 Открыть Raffle Stars");
    }

    public static String openRaffleInApp(Lang l) {
        return pick(l, "🎟 Open in the app", "🎟 Открыть в приложении");
    }

    public static String raffleNotFound(Lang l) {
        return pick(
                l,
                "This raffle does not exist (the link may be mistyped). See the open raffles: /raffles",
                "Такого розыгрыша нет (возможно, ссылка неверна). Открытые розыгрыши: /raffles");
    }

    public static String raffleNotYetOpen(Lang l, String title) {
        return pick(
                l,
                "\"" + title + "\" has not opened yet. Ticket sales start soon.",
                "Продажа билетов в «" + title + "» ещё не началась. Скоро начнётся.");
    }

    public static String rafflePaused(Lang l, String title) {
        return pick(
                l,
                "Ticket sales for \"" + title + "\" are paused for now. Try again later.",
                "Продажа билетов в «" + title + "» временно приостановлена. Попробуйте позже.");
    }

    public static String raffleEnded(Lang l, String title) {
        return pick(
                l,
                "Ticket sales for \"" + title + "\" have closed. See the draw and other raffles: /raffles",
                "Продажа билетов в «" + title + "» закрыта. Результаты и другие розыгрыши: /raffles");
    }

    public static String raffleWasCancelled(Lang l, String title) {
        return pick(
                l,
                "\"" + title + "\" was cancelled; every ticket was refunded in full. Open raffles: /raffles",
                "Розыгрыш «" + title + "» отменён, все билеты возвращены полностью. Открытые розыгрыши: /raffles");
    }
}
