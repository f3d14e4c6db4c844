// Texts of the Mini App in English and Russian, chosen from the Telegram user's language_code.

const TEXTS = {
  en: {
    appTitle: "Raffle Stars",
    tabRaffles: "Raffles",
    tabTickets: "My tickets",
    loading: "Loading…",
    openRaffles: "Open raffles",
    noOpenRaffles: "No raffle is open right now. Come back soon!",
    results: "Results",
    pricePerTicket: (n) => `⭐ ${n} per ticket`,
    ticketsLeft: (left, total) => `${left} of ${total} tickets left`,
    ticketsSold: (sold, total) => `${sold} of ${total} sold`,
    closesIn: (time) => `Closes in ${time}`,
    opensIn: (time) => `Opens in ${time}`,
    closed: "Sales closed",
    state: {
      SCHEDULED: "Soon",
      OPEN: "Open",
      PAUSED: "Paused",
      CLOSED: "Closed",
      DRAWN: "Drawn",
      SETTLED: "Drawn",
      CANCELLED: "Cancelled",
    },
    quantity: "Tickets",
    fewer: "One ticket fewer",
    more: "One ticket more",
    buy: (q, stars) => `Buy ${q} ${plural(q, "ticket", "tickets")} for ⭐ ${stars}`,
    buying: "Opening the invoice…",
    waitingForPayment: "Payment sent. Your tickets appear as soon as Telegram confirms it…",
    paymentCancelled: "Payment cancelled. No Stars were taken.",
    paymentFailed: "The payment did not go through. No Stars were taken.",
    gotTickets: (numbers) => `Your new ${plural(numbers.length, "ticket", "tickets")}: ${numbers.map((n) => "#" + n).join(", ")}`,
    yourTickets: "Your tickets",
    noTicketsHere: "You have no tickets in this raffle yet.",
    cannotBuyMore: "You have as many tickets as one player may hold here.",
    soldOut: "Sold out",
    notSelling: "Tickets are not on sale.",
    noTickets: "You have no tickets yet. Pick a raffle and try your luck!",
    voided: "refunded",
    seeDraw: "See the draw and its proof",
    draw: "The draw",
    winners: "Winners",
    place: (p) => `Place ${p}`,
    ticketNo: (n) => `ticket #${n}`,
    unfilled: "no eligible ticket",
    prize: (n) => `⭐ ${n}`,
    notDrawnYet: "This raffle has not been drawn yet.",
    proof: "Proof",
    commitment: "Commitment (published before sales)",
    seed: "Seed (revealed at the draw)",
    ticketsHash: "Tickets hash (published at close)",
    ticketCount: (n) => `${n} ${plural(n, "ticket", "tickets")} in the draw`,
    verify: "Verify in my browser",
    verifying: "Recomputing the draw…",
    verified: "Verified: the seed matches its commitment, the tickets match their hash, and the winners follow from them.",
    verifyFailed: (check) => `Verification failed (${check}). The published draw does not add up.`,
    errorTitle: "Something went wrong",
    retry: "Try again",
    openInTelegram: "Open this app from the Raffle Stars bot in Telegram.",
    authFailed: "Telegram could not confirm who you are. Close the app and open it again from the bot.",
    authExpired: "This session has expired. Close the app and open it again from the bot.",
    tooMany: "Too many requests. Wait a moment and try again.",
    offline: "Cannot reach the server. Check your connection.",
    live: "live",
    sweepstakes: "No purchase necessary to enter.",
    freeEntry: (left) => `Get a free entry (${left} left)`,
    gotFreeEntry: (n) => `Your free entry is ticket #${n}.`,
  },
  ru: {
    appTitle: "Raffle Stars",
    tabRaffles: "Розыгрыши",
    tabTickets: "Мои билеты",
    loading: "Загрузка…",
    openRaffles: "Открытые розыгрыши",
    noOpenRaffles: "Сейчас нет открытых розыгрышей. Загляните позже!",
    results: "Итоги",
    pricePerTicket: (n) => `⭐ ${n} за билет`,
    ticketsLeft: (left, total) => `Осталось ${left} из ${total}`,
    ticketsSold: (sold, total) => `Продано ${sold} из ${total}`,
    closesIn: (time) => `До закрытия ${time}`,
    opensIn: (time) => `До открытия ${time}`,
    closed: "Продажи закрыты",
    state: {
      SCHEDULED: "Скоро",
      OPEN: "Открыт",
      PAUSED: "Пауза",
      CLOSED: "Закрыт",
      DRAWN: "Разыгран",
      SETTLED: "Разыгран",
      CANCELLED: "Отменён",
    },
    quantity: "Билеты",
    fewer: "На один билет меньше",
    more: "На один билет больше",
    buy: (q, stars) => `Купить ${q} ${pluralRu(q, "билет", "билета", "билетов")} за ⭐ ${stars}`,
    buying: "Открываем счёт…",
    waitingForPayment: "Оплата отправлена. Билеты появятся, как только Telegram её подтвердит…",
    paymentCancelled: "Оплата отменена. Звёзды не списаны.",
    paymentFailed: "Оплата не прошла. Звёзды не списаны.",
    gotTickets: (numbers) => `Ваши новые ${pluralRu(numbers.length, "билет", "билета", "билеты")}: ${numbers.map((n) => "№" + n).join(", ")}`,
    yourTickets: "Ваши билеты",
    noTicketsHere: "У вас пока нет билетов в этом розыгрыше.",
    cannotBuyMore: "У вас уже максимум билетов для одного игрока.",
    soldOut: "Все билеты проданы",
    notSelling: "Билеты сейчас не продаются.",
    noTickets: "У вас пока нет билетов. Выберите розыгрыш и испытайте удачу!",
    voided: "возвращён",
    seeDraw: "Смотреть розыгрыш и доказательство",
    draw: "Розыгрыш",
    winners: "Победители",
    place: (p) => `${p}-е место`,
    ticketNo: (n) => `билет №${n}`,
    unfilled: "нет подходящего билета",
    prize: (n) => `⭐ ${n}`,
    notDrawnYet: "Этот розыгрыш ещё не проведён.",
    proof: "Доказательство",
    commitment: "Обязательство (опубликовано до продаж)",
    seed: "Зерно (раскрыто при розыгрыше)",
    ticketsHash: "Хеш билетов (опубликован при закрытии)",
    ticketCount: (n) => `${n} ${pluralRu(n, "билет", "билета", "билетов")} в розыгрыше`,
    verify: "Проверить в браузере",
    verifying: "Пересчитываем розыгрыш…",
    verified: "Проверено: зерно совпадает с обязательством, билеты — с хешем, победители следуют из них.",
    verifyFailed: (check) => `Проверка не пройдена (${check}). Опубликованные данные не сходятся.`,
    errorTitle: "Что-то пошло не так",
    retry: "Повторить",
    openInTelegram: "Откройте приложение из бота Raffle Stars в Telegram.",
    authFailed: "Telegram не подтвердил, кто вы. Закройте приложение и откройте его снова из бота.",
    authExpired: "Сессия устарела. Закройте приложение и откройте его снова из бота.",
    tooMany: "Слишком много запросов. Подождите немного и повторите.",
    offline: "Нет связи с сервером. Проверьте подключение.",
    live: "в эфире",
    sweepstakes: "Для участия покупка не обязательна.",
    freeEntry: (left) => `Участвовать бесплатно (осталось ${left})`,
    gotFreeEntry: (n) => `Ваше бесплатное участие — билет №${n}.`,
  },
};

function plural(n, one, many) {
  return n === 1 ? one : many;
}

function pluralRu(n, one, few, many) {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return one;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return few;
  return many;
}

/** "ru" for Russian (and its neighbours' clients set to it), else English. */
export function pickLanguage(languageCode) {
  const code = String(languageCode || "").toLowerCase();
  return code === "ru" || code.startsWith("ru-") ? "ru" : "en";
}

let current = TEXTS.en;
let currentCode = "en";

export function setLanguage(code) {
  currentCode = TEXTS[code] ? code : "en";
  current = TEXTS[currentCode];
  document.documentElement.lang = currentCode;
}

export function language() {
  return currentCode;
}

/** The text for key; functions are called with the rest of the arguments. */
export function t(key, ...args) {
  const v = key.split(".").reduce((o, k) => (o == null ? undefined : o[k]), current);
  if (v === undefined) return key;
  return typeof v === "function" ? v(...args) : v;
}

/** A countdown as "2d 03:04:05" or "03:04:05". */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((x) => String(x).padStart(2, "0"))
    .join(":");
  return days > 0 ? `${days}${currentCode === "ru" ? "д" : "d"} ${hms}` : hms;
}
