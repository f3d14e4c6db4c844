// Raffle Stars Mini App: open raffles, a raffle with its live counter and countdown, buying with Telegram Stars,
// my tickets, and the draw with its proof verified in the browser. Plain ES modules, no build step (docs/miniapp.md).

import { createApi, ApiError } from "./api.js";
import { PlayerFeed } from "./feed.js";
import { t, pickLanguage, setLanguage, duration } from "./i18n.js";
import * as fairness from "./fairness.js";

const tg = window.Telegram && window.Telegram.WebApp;
const screen = document.getElementById("screen");
const nav = document.getElementById("nav");

const state = {
  api: null,
  feed: null,
  clockOffset: 0, // server time minus local time, ms
  raffles: new Map(), // id -> the raffle as last read or updated live
  mine: new Map(), // raffle id -> Set of my ticket numbers
  route: null,
  pending: new Set(), // raffle ids with a paid invoice whose tickets have not arrived yet
  arrived: new Map(), // raffle id -> whether tickets arrived since the last invoice was opened
  fatal: false,
};

// ---------------------------------------------------------------- small DOM helpers

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function show(...children) {
  screen.replaceChildren(...children);
  screen.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function now() {
  return Date.now() + state.clockOffset;
}

// ---------------------------------------------------------------- Telegram look and feel

function applyTheme() {
  const p = tg.themeParams || {};
  const style = document.documentElement.style;
  const vars = {
    bg_color: "--bg",
    text_color: "--text",
    hint_color: "--hint",
    link_color: "--link",
    button_color: "--button",
    button_text_color: "--button-text",
    secondary_bg_color: "--card",
    destructive_text_color: "--danger",
  };
  for (const [param, cssVar] of Object.entries(vars)) {
    if (p[param]) style.setProperty(cssVar, p[param]);
    else style.removeProperty(cssVar);
  }
  document.documentElement.dataset.scheme = tg.colorScheme === "dark" ? "dark" : "light";
}

function applyViewport() {
  const height = tg.viewportStableHeight || tg.viewportHeight;
  if (height) document.documentElement.style.setProperty("--app-height", height + "px");
}

// ---------------------------------------------------------------- routing

function parse(hash) {
  const m = /^#\/(raffle|draw)\/(\d+)$/.exec(hash);
  if (m) return { name: m[1], id: Number(m[2]) };
  if (hash === "#/tickets") return { name: "tickets" };
  return { name: "raffles" };
}

function parent(route) {
  switch (route.name) {
    case "raffle":
      return "#/raffles";
    case "draw":
      return "#/raffle/" + route.id;
    default:
      return null;
  }
}

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function render() {
  if (state.fatal) return;
  const route = parse(location.hash);
  state.route = route;
  const back = parent(route);
  if (back) tg.BackButton.show();
  else tg.BackButton.hide();
  for (const tab of nav.querySelectorAll("a")) {
    const active = tab.dataset.tab === (route.name === "tickets" ? "tickets" : "raffles");
    if (active) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  switch (route.name) {
    case "raffles":
      return guard(renderRaffles());
    case "raffle":
      return guard(renderRaffle(route.id));
    case "draw":
      return guard(renderDraw(route.id));
    case "tickets":
      return guard(renderTickets());
  }
}

function onBack() {
  const back = state.route && parent(state.route);
  if (back) navigate(back);
}

// ---------------------------------------------------------------- errors

async function guard(promise) {
  try {
    await promise;
  } catch (e) {
    showError(e);
  }
}

function errorText(e) {
  if (e instanceof ApiError) {
    switch (e.code) {
      case "UNAUTHENTICATED":
      case "INIT_DATA_INVALID":
        return t("authFailed");
      case "INIT_DATA_EXPIRED":
        return t("authExpired");
      case "TOO_MANY_REQUESTS":
        return t("tooMany");
      case "OFFLINE":
        return t("offline");
      default:
        return e.message || e.code;
    }
  }
  return String(e && e.message ? e.message : e);
}

function isAuthError(e) {
  return e instanceof ApiError && e.status === 401;
}

function showError(e) {
  const auth = isAuthError(e);
  if (auth) {
    state.fatal = true;
    if (state.feed) state.feed.stop();
    nav.hidden = true;
    tg.BackButton.hide();
  }
  show(
    h(
      "section",
      { class: "error", role: "alert", "data-testid": "error", "data-code": e instanceof ApiError ? e.code : "" },
      h("h1", {}, t("errorTitle")),
      h("p", {}, errorText(e)),
      auth ? null : h("button", { class: "primary", type: "button", onclick: () => render() }, t("retry")),
    ),
  );
}

// ---------------------------------------------------------------- live updates

function remember(raffle) {
  const known = state.raffles.get(raffle.id) || {};
  const merged = { ...known, ...raffle };
  // Live updates carry sales, not checkout holds: left is what is not sold (a hold is brief; buying re-checks).
  merged.ticketsLeft = Math.max(0, merged.totalTickets - merged.ticketsSold);
  state.raffles.set(raffle.id, merged);
  return merged;
}

function follow() {
  const ids = [...state.raffles.values()]
    .filter((r) => ["SCHEDULED", "OPEN", "PAUSED", "CLOSED"].includes(r.state))
    .map((r) => r.id);
  if (state.route && (state.route.name === "raffle" || state.route.name === "draw")) ids.unshift(state.route.id);
  state.feed.follow([...new Set(ids)]);
}

function onSnapshot(msg) {
  const r = state.raffles.get(msg.raffleId);
  state.clockOffset = Date.parse(msg.serverTime) - Date.now();
  if (!r) return;
  update(msg.raffleId, {
    state: msg.state,
    ticketsSold: msg.ticketsSold,
    totalTickets: msg.totalTickets,
    closesAt: msg.endsAt,
  });
}

function onEvent(msg) {
  const data = msg.data || {};
  switch (msg.event) {
    case "TicketsSold":
    case "TicketsBoughtWithCredit":
    case "FreeEntryClaimed": {
      const r = state.raffles.get(msg.raffleId);
      if (r && data.ticketsSold !== undefined) {
        update(msg.raffleId, { ticketsSold: data.ticketsSold, totalTickets: data.totalTickets }, msg.id);
      }
      if (msg.mine && msg.mine.numbers) gotTickets(msg.raffleId, msg.mine.numbers);
      break;
    }
    case "RaffleChanged":
      update(msg.raffleId, { state: data.state, ticketsSold: data.ticketsSold, totalTickets: data.totalTickets }, msg.id);
      break;
    case "DrawCompleted":
      update(msg.raffleId, { state: "DRAWN" }, msg.id);
      break;
    default:
      break;
  }
}

/** A change to a raffle: remembered and shown wherever the raffle is on screen, without asking the server again. */
function update(id, change, eventId) {
  const before = state.raffles.get(id);
  if (!before) return;
  const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  const r = remember({ ...defined, id });
  for (const el of screen.querySelectorAll(`[data-raffle="${id}"]`)) {
    fill(el, r, eventId);
  }
  if (before.state !== r.state && state.route && state.route.id === id) render();
}

function gotTickets(raffleId, numbers) {
  const set = state.mine.get(raffleId) || new Set();
  const fresh = numbers.filter((n) => !set.has(n));
  if (!fresh.length) return; // already shown (a free entry's answer, then its event)
  fresh.forEach((n) => set.add(n));
  state.mine.set(raffleId, set);
  state.pending.delete(raffleId);
  state.arrived.set(raffleId, true);
  if (state.route && state.route.name === "raffle" && state.route.id === raffleId) {
    setStatus(t("gotTickets", fresh), "ok");
    showMyNumbers(raffleId);
    refreshPicker(state.raffles.get(raffleId));
  } else if (state.route && state.route.name === "tickets") {
    render();
  }
  tg.HapticFeedback && tg.HapticFeedback.notificationOccurred && tg.HapticFeedback.notificationOccurred("success");
}

// ---------------------------------------------------------------- the raffle card, filled in place

function counterText(r) {
  return t("ticketsSold", r.ticketsSold, r.totalTickets);
}

function fill(el, r, eventId) {
  const sold = el.querySelector("[data-testid=sold]");
  if (sold) {
    sold.textContent = counterText(r);
    sold.dataset.sold = r.ticketsSold;
    if (eventId !== undefined) sold.dataset.event = eventId;
  }
  const left = el.querySelector("[data-testid=left]");
  if (left) {
    left.textContent = r.ticketsLeft > 0 ? t("ticketsLeft", r.ticketsLeft, r.totalTickets) : t("soldOut");
    left.dataset.left = r.ticketsLeft;
  }
  const bar = el.querySelector("progress");
  if (bar) {
    bar.max = r.totalTickets;
    bar.value = r.ticketsSold;
  }
  const badge = el.querySelector(".badge");
  if (badge) {
    badge.textContent = t("state." + r.state);
    badge.dataset.state = r.state;
  }
  const countdown = el.querySelector("[data-countdown]");
  if (countdown) {
    countdown.dataset.closes = r.closesAt;
    countdown.dataset.opens = r.state === "SCHEDULED" ? r.startsAt : "";
    tickCountdown(countdown);
  }
  if (state.route && state.route.name === "raffle" && state.route.id === r.id) refreshPicker(r);
}

function tickCountdown(el) {
  if (el.dataset.opens) {
    el.textContent = t("opensIn", duration(Date.parse(el.dataset.opens) - now()));
    return;
  }
  const left = Date.parse(el.dataset.closes) - now();
  el.textContent = left > 0 ? t("closesIn", duration(left)) : t("closed");
}

setInterval(() => document.querySelectorAll("[data-countdown]").forEach(tickCountdown), 1000);

function card(r, asLink) {
  const body = [
    h("div", { class: "row" }, h("h2", {}, r.title), h("span", { class: "badge" })),
    h("p", { class: "price" }, t("pricePerTicket", r.ticketPrice)),
    h("progress", { "aria-hidden": "true" }),
    h("p", { class: "row hint" }, h("span", { "data-testid": "sold" }), h("span", { "data-testid": "left" })),
    h("p", { class: "countdown", "data-countdown": true, "aria-live": "off" }),
  ];
  const el = asLink
    ? h("a", { class: "card", href: "#/raffle/" + r.id, "data-raffle": r.id, "data-testid": "raffle-card" }, body)
    : h("div", { class: "card", "data-raffle": r.id }, body);
  fill(el, r);
  return el;
}

// ---------------------------------------------------------------- screens

async function renderRaffles() {
  show(h("p", { class: "hint" }, t("loading")));
  const list = await state.api.raffles();
  state.clockOffset = Date.parse(list.serverTime) - Date.now();
  list.open.forEach(remember);
  list.results.forEach(remember);
  if (state.route.name !== "raffles") return;
  const open = list.open.map((r) => card(state.raffles.get(r.id), true));
  const results = list.results.map((r) =>
    h(
      "a",
      { class: "card compact", href: "#/draw/" + r.id, "data-raffle": r.id },
      h("div", { class: "row" }, h("h2", {}, r.title), h("span", { class: "badge" }, t("state." + r.state))),
    ),
  );
  show(
    h("h1", {}, t("openRaffles")),
    open.length ? h("div", { class: "list", "data-testid": "open-raffles" }, open) : h("p", { class: "empty" }, t("noOpenRaffles")),
    results.length ? h("h1", {}, t("results")) : null,
    results.length ? h("div", { class: "list" }, results) : null,
  );
  follow();
}

async function renderRaffle(id) {
  show(h("p", { class: "hint" }, t("loading")));
  const r = remember(await state.api.raffle(id));
  state.mine.set(id, new Set([...(state.mine.get(id) || []), ...r.myTickets]));
  if (state.route.name !== "raffle" || state.route.id !== id) return;
  const drawn = r.state === "DRAWN" || r.state === "SETTLED";
  show(
    h(
      "article",
      { class: "raffle", "data-raffle": r.id, "data-testid": "raffle" },
      h("div", { class: "row" }, h("h1", {}, r.title), h("span", { class: "badge" })),
      h("p", {}, r.description),
      h("p", { class: "price" }, t("pricePerTicket", r.ticketPrice)),
      h("progress", { "aria-hidden": "true" }),
      h("p", { class: "row" }, h("strong", { "data-testid": "sold", "aria-live": "polite" }), h("span", { "data-testid": "left" })),
      h("p", { class: "countdown", "data-countdown": true }),
      r.sweepstakes ? h("p", { class: "hint" }, t("sweepstakes")) : null,
      r.jurisdictionNote ? h("p", { class: "hint" }, r.jurisdictionNote) : null,
      h("div", { class: "buy", "data-testid": "buy-box" }),
      h("div", { class: "free", "data-testid": "free-box" }),
      h("p", { class: "status", role: "status", "aria-live": "polite", "data-testid": "status" }),
      h("h2", {}, t("yourTickets")),
      h("ul", { class: "numbers", "data-testid": "my-numbers" }),
      drawn ? h("a", { class: "button", href: "#/draw/" + r.id, "data-testid": "see-draw" }, t("seeDraw")) : null,
    ),
  );
  fill(screen.querySelector("[data-raffle]"), r);
  showMyNumbers(id);
  refreshPicker(r);
  if (state.pending.has(id)) setStatus(t("waitingForPayment"), "wait");
  follow();
}

function showMyNumbers(id) {
  const list = screen.querySelector("[data-testid=my-numbers]");
  if (!list) return;
  const numbers = [...(state.mine.get(id) || [])].sort((a, b) => a - b);
  list.replaceChildren(...numbers.map((n) => h("li", { "data-number": n }, "#" + n)));
  if (!numbers.length) list.append(h("li", { class: "none" }, t("noTicketsHere")));
}

function setStatus(text, kind) {
  const el = screen.querySelector("[data-testid=status]");
  if (el) {
    el.textContent = text;
    el.dataset.kind = kind || "";
  }
}

/** The free entry button of a sweepstakes raffle, while the player has free entries left. */
function refreshFreeEntry(r) {
  const box = screen.querySelector("[data-testid=free-box]");
  if (!box || !r) return;
  const left = (r.freeEntriesPerPlayer || 0) - (r.myFreeEntries || 0);
  const mine = (state.mine.get(r.id) || new Set()).size;
  const open = r.state === "OPEN" && Date.parse(r.closesAt) > now() && r.ticketsLeft > 0 && mine < r.perPlayerCap;
  if (left < 1 || !open) {
    box.replaceChildren();
    return;
  }
  const button = h("button", { type: "button", class: "secondary", "data-testid": "free-entry" }, t("freeEntry", left));
  button.addEventListener("click", () => claimFreeEntry(r.id, button));
  box.replaceChildren(button);
}

async function claimFreeEntry(id, button) {
  button.disabled = true;
  try {
    const entry = await state.api.freeEntry(id);
    // the claim is done on the server (no payment to wait for): the number is real now
    remember({ id, myFreeEntries: entry.entryNo });
    gotTickets(id, [entry.ticketNumber]);
    setStatus(t("gotFreeEntry", entry.ticketNumber), "ok");
  } catch (e) {
    if (isAuthError(e)) return showError(e);
    setStatus(errorText(e), "error");
  } finally {
    refreshFreeEntry(state.raffles.get(id));
  }
}

/** The quantity picker and Buy button, within what the raffle and the per-player limit allow. */
function refreshPicker(r) {
  refreshFreeEntry(r);
  const box = screen.querySelector("[data-testid=buy-box]");
  if (!box || !r) return;
  const mine = (state.mine.get(r.id) || new Set()).size;
  const max = Math.min(r.perPlayerCap - mine, r.ticketsLeft);
  const selling = r.state === "OPEN" && Date.parse(r.closesAt) > now();
  if (!selling || max < 1) {
    const why = !selling ? t("notSelling") : r.ticketsLeft < 1 ? t("soldOut") : t("cannotBuyMore");
    box.replaceChildren(h("p", { class: "hint", "data-testid": "not-buyable" }, why));
    box.dataset.q = "";
    return;
  }
  let q = Math.min(Math.max(1, Number(box.dataset.q) || 1), max);
  box.dataset.q = q;
  const output = h("output", { "data-testid": "quantity", "aria-live": "polite" }, q);
  const buy = h("button", { class: "primary", type: "button", "data-testid": "buy" }, t("buy", q, q * r.ticketPrice));
  const set = (next) => {
    q = Math.min(Math.max(1, next), max);
    box.dataset.q = q;
    output.textContent = q;
    buy.textContent = t("buy", q, q * r.ticketPrice);
    minus.disabled = q <= 1;
    plus.disabled = q >= max;
  };
  const minus = h("button", { type: "button", class: "step", "aria-label": t("fewer"), "data-testid": "fewer", onclick: () => set(q - 1) }, "−");
  const plus = h("button", { type: "button", class: "step", "aria-label": t("more"), "data-testid": "more", onclick: () => set(q + 1) }, "+");
  buy.addEventListener("click", () => purchase(r.id, q, buy));
  box.replaceChildren(h("div", { class: "picker", role: "group", "aria-label": t("quantity") }, minus, output, plus), buy);
  set(q);
}

async function purchase(id, quantity, button) {
  button.disabled = true;
  setStatus(t("buying"), "wait");
  let purchase;
  try {
    purchase = await state.api.buy(id, quantity);
  } catch (e) {
    button.disabled = false;
    if (isAuthError(e)) return showError(e);
    setStatus(errorText(e), "error");
    return;
  }
  state.arrived.set(id, false);
  if (typeof tg.openInvoice !== "function") {
    // Telegram clients before Bot API 6.1 have no openInvoice: the link opens the same invoice in the chat
    button.disabled = false;
    state.pending.add(id);
    tg.openTelegramLink(purchase.invoiceLink);
    setStatus(t("waitingForPayment"), "wait");
    return;
  }
  tg.openInvoice(purchase.invoiceLink, (status) => {
    button.disabled = false;
    if (status === "paid") {
      // Not tickets yet: only the backend's processed successful_payment makes them; they arrive over the feed
      // (possibly before this callback, and then there is nothing to wait for).
      if (!state.arrived.get(id)) {
        state.pending.add(id);
        setStatus(t("waitingForPayment"), "wait");
      }
    } else if (status === "cancelled") {
      setStatus(t("paymentCancelled"), "");
    } else {
      setStatus(t("paymentFailed"), "error");
    }
  });
}

async function renderTickets() {
  show(h("p", { class: "hint" }, t("loading")));
  const mine = await state.api.tickets();
  if (state.route.name !== "tickets") return;
  if (!mine.raffles.length) {
    show(h("h1", {}, t("tabTickets")), h("p", { class: "empty", "data-testid": "no-tickets" }, t("noTickets")));
    return;
  }
  show(
    h("h1", {}, t("tabTickets")),
    h(
      "div",
      { class: "list", "data-testid": "tickets" },
      mine.raffles.map((r) =>
        h(
          "a",
          { class: "card", href: "#/raffle/" + r.raffleId, "data-ticket-raffle": r.raffleId },
          h("div", { class: "row" }, h("h2", {}, r.title), h("span", { class: "badge" }, t("state." + r.state))),
          h(
            "ul",
            { class: "numbers" },
            r.numbers.map((n) => h("li", { "data-number": n }, "#" + n)),
            r.voided.map((n) => h("li", { class: "voided", "data-voided": n }, `#${n} (${t("voided")})`)),
          ),
        ),
      ),
    ),
  );
}

async function renderDraw(id) {
  show(h("p", { class: "hint" }, t("loading")));
  const d = await state.api.draw(id);
  if (state.route.name !== "draw" || state.route.id !== id) return;
  if (!d.seed) {
    show(h("h1", {}, d.title), h("p", { class: "empty", "data-testid": "not-drawn" }, t("notDrawnYet")));
    return;
  }
  const mine = state.mine.get(id) || new Set();
  const drum = h("div", { class: "drum", "aria-hidden": "true", "data-testid": "drum" }, "#");
  const winners = h("ol", { class: "winners", "data-testid": "winners", "aria-live": "polite" });
  const result = h("p", { class: "verify-result", role: "status", "data-testid": "verify-result" });
  const verifyButton = h("button", { class: "primary", type: "button", "data-testid": "verify" }, t("verify"));
  verifyButton.addEventListener("click", () => verifyDraw(d, verifyButton, result));
  show(
    h("h1", {}, d.title),
    h("h2", {}, t("draw")),
    drum,
    h("h2", {}, t("winners")),
    winners,
    h("h2", {}, t("proof")),
    h(
      "dl",
      { class: "proof", "data-testid": "proof" },
      h("dt", {}, t("commitment")),
      h("dd", { "data-testid": "commitment" }, d.commitment),
      h("dt", {}, t("seed")),
      h("dd", { "data-testid": "seed" }, d.seed),
      h("dt", {}, t("ticketsHash")),
      h("dd", { "data-testid": "tickets-hash" }, d.ticketsHash),
      h("dt", {}, t("ticketCount", d.ticketCount)),
    ),
    verifyButton,
    result,
  );
  await animate(drum, d, winners, mine);
}

/** Spins through the ticket numbers, then shows each place; skipped when the user asks for less motion. */
async function animate(drum, d, list, mine) {
  const numbers = (d.tickets || []).map((x) => x.number);
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches || numbers.length === 0;
  const places = [...d.winners].sort((a, b) => a.place - b.place);
  for (const w of places) {
    if (!still) {
      const until = performance.now() + 700;
      while (performance.now() < until) {
        drum.textContent = "#" + numbers[Math.floor(Math.random() * numbers.length)];
        await new Promise((r) => setTimeout(r, 60));
      }
    }
    drum.textContent = w.ticketNumber == null ? "—" : "#" + w.ticketNumber;
    const isMine = w.ticketNumber != null && mine.has(w.ticketNumber);
    list.append(
      h(
        "li",
        { class: isMine ? "mine" : "", "data-place": w.place, "data-ticket": w.ticketNumber ?? "" },
        h("strong", {}, t("place", w.place)),
        " ",
        w.ticketNumber == null ? t("unfilled") : t("ticketNo", w.ticketNumber),
        " ",
        h("span", { class: "prize" }, t("prize", w.prize)),
      ),
    );
  }
  drum.classList.add("done");
}

/** Recomputes the whole draw here, with WebCrypto, from what was published (fairness.js, docs/fairness.md). */
async function verifyDraw(d, button, out) {
  button.disabled = true;
  out.textContent = t("verifying");
  out.dataset.ok = "";
  try {
    let tickets = d.tickets;
    if (!tickets) {
      tickets = [];
      let after = 0;
      for (;;) {
        const page = await state.api.ticketPage(d.raffleId, after);
        tickets.push(...page.tickets);
        if (page.nextAfter == null) break;
        after = page.nextAfter;
      }
    }
    const published = {
      seed: d.seed,
      commitment: d.commitment,
      raffleId: d.raffleId,
      tickets: tickets.map((x) => [x.number, x.playerId]),
      ticketsHash: d.ticketsHash,
      beacon: d.beacon ? d.beacon.value : "",
      places: d.places,
      policy: d.policy,
      disqualified: [...d.disqualifications].sort((a, b) => a.order - b.order).map((x) => x.place),
      winners: d.winners.map((w) => (w.ticketNumber == null ? { place: w.place, unfilled: true } : { place: w.place, ticket: w.ticketNumber })),
    };
    const r = await fairness.verify(published);
    out.dataset.ok = String(r.ok);
    out.textContent = r.ok ? t("verified") : t("verifyFailed", r.check);
  } catch (e) {
    out.dataset.ok = "false";
    out.textContent = t("verifyFailed", e.message);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- start

function startParam() {
  const fromTelegram = tg.initDataUnsafe && tg.initDataUnsafe.start_param;
  const fromUrl = new URLSearchParams(location.search).get("tgWebAppStartParam");
  return fromTelegram || fromUrl || "";
}

function start() {
  if (!tg || !tg.initData) {
    setLanguage(pickLanguage(navigator.language));
    nav.hidden = true;
    show(h("section", { class: "error", role: "alert", "data-testid": "error", "data-code": "NO_TELEGRAM" }, h("h1", {}, t("appTitle")), h("p", {}, t("openInTelegram"))));
    return;
  }
  const user = (tg.initDataUnsafe && tg.initDataUnsafe.user) || {};
  setLanguage(pickLanguage(user.language_code));
  document.title = t("appTitle");
  nav.querySelector("[data-tab=raffles]").textContent = t("tabRaffles");
  nav.querySelector("[data-tab=tickets]").textContent = t("tabTickets");
  applyTheme();
  applyViewport();
  tg.onEvent("themeChanged", applyTheme);
  tg.onEvent("viewportChanged", applyViewport);
  tg.BackButton.onClick(onBack);
  state.api = createApi(tg.initData);
  state.feed = new PlayerFeed(tg.initData, {
    snapshot: onSnapshot,
    event: onEvent,
    status: (s) => (document.body.dataset.feed = s),
    resync: () => render(),
    unauthorized: () => showError(new ApiError(401, "INIT_DATA_INVALID", "")),
  });
  state.feed.start();
  window.addEventListener("hashchange", render);
  const m = /^raffle_(\d+)$/.exec(startParam());
  // replaceState, unlike assigning the hash, fires no hashchange: the page renders once
  if (m && !location.hash) history.replaceState(null, "", "#/raffle/" + m[1]);
  tg.ready();
  tg.expand();
  render();
}

start();
