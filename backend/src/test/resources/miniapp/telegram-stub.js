// Plays Telegram's Web App script in the browser tests (telegram.org cannot be reached here). Injected before any page
// script; config: {initData, user, startParam, colorScheme, themeParams, fakeTelegram}. openInvoice asks the fake
// Telegram to pay the invoice as the user would (pre-checkout, then successful_payment to the webhook), unless the
// test sets window.__tg.payMode = "statusOnly": then it reports "paid" without paying, as a lying client could.
(() => {
  const cfg = __CONFIG__;
  const handlers = {};
  const backButton = {
    isVisible: false,
    callbacks: [],
    show() { this.isVisible = true; return this; },
    hide() { this.isVisible = false; return this; },
    onClick(cb) { this.callbacks.push(cb); return this; },
    offClick(cb) { this.callbacks = this.callbacks.filter((c) => c !== cb); return this; },
  };
  window.__tg = {
    invoices: [],
    payMode: "real",
    backButton,
    pressBack() { backButton.callbacks.forEach((cb) => cb()); },
    emit(name, arg) { (handlers[name] || []).forEach((cb) => cb.call(window.Telegram.WebApp, arg)); },
  };
  // Every frame the page receives and sends on a WebSocket, and the sockets themselves, so the test can tell what
  // came over the feed and can cut the connection.
  window.__wsFrames = [];
  window.__wsSent = [];
  window.__sockets = [];
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      window.__sockets.push(this);
      this.addEventListener("message", (e) => window.__wsFrames.push(e.data));
    }
    send(data) {
      window.__wsSent.push(data);
      super.send(data);
    }
  };
  const webApp = {
    initData: cfg.initData,
    initDataUnsafe: { user: cfg.user, start_param: cfg.startParam || undefined },
    version: "8.0",
    platform: "tdesktop",
    colorScheme: cfg.colorScheme,
    themeParams: cfg.themeParams,
    viewportHeight: 640,
    viewportStableHeight: 640,
    isExpanded: true,
    ready() {},
    expand() {},
    close() {},
    onEvent(name, cb) { (handlers[name] = handlers[name] || []).push(cb); },
    offEvent(name, cb) { handlers[name] = (handlers[name] || []).filter((c) => c !== cb); },
    BackButton: backButton,
    HapticFeedback: { notificationOccurred() {}, impactOccurred() {}, selectionChanged() {} },
    openInvoice(url, callback) {
      window.__tg.invoices.push(url);
      if (window.__tg.payMode === "statusOnly") {
        setTimeout(() => callback("paid"), 10);
        return;
      }
      fetch(cfg.fakeTelegram + "/_fake/invoices/pay", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          link: url,
          user_id: cfg.user.id,
          first_name: cfg.user.first_name,
          language_code: cfg.user.language_code,
        }),
      })
        .then((r) => r.json())
        .then((o) => callback(o.status === "paid" ? "paid" : "failed"), () => callback("failed"));
    },
  };
  window.Telegram = { WebApp: webApp };
})();
