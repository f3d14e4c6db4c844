// The live player feed (/ws/player, docs/feeds.md): raffle counters, countdowns and draw results for the raffles the
// page follows, and the player's own tickets, payments and refunds. Reconnects with the last event id it saw, so
// nothing is missed or shown twice; REST is only read again when the server asks for a resync.

const PING_EVERY_MS = 20000;

export class PlayerFeed {
  /**
   * handlers: snapshot(msg) for a "raffle" message, event(msg) for an "event", status("connecting" | "live" |
   * "offline"), resync() when the state must be reloaded over REST, unauthorized(closeCode) when initData is refused.
   */
  constructor(initData, handlers, url = defaultUrl()) {
    this.initData = initData;
    this.handlers = handlers;
    this.url = url;
    this.raffles = new Set();
    this.since = null;
    this.socket = null;
    this.retry = 0;
    this.stopped = false;
    this.pingTimer = null;
    this.unanswered = 0;
  }

  /** Follows exactly these raffles (at most 50, the server's limit). */
  follow(ids) {
    const next = new Set(ids.slice(0, 50).map(Number));
    const add = [...next].filter((id) => !this.raffles.has(id));
    const drop = [...this.raffles].filter((id) => !next.has(id));
    this.raffles = next;
    if (this.isOpen()) {
      if (drop.length) this.send({ type: "unsubscribe", raffles: drop });
      if (add.length) this.send({ type: "subscribe", raffles: add });
    }
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pingTimer);
    if (this.socket) this.socket.close(1000);
  }

  isOpen() {
    return this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  send(msg) {
    if (this.isOpen()) this.socket.send(JSON.stringify(msg));
  }

  connect() {
    this.handlers.status("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const hello = { type: "hello", initData: this.initData, raffles: [...this.raffles] };
      if (this.since !== null) hello.since = this.since;
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (e) => this.receive(JSON.parse(e.data));
    socket.onclose = (e) => this.closed(socket, e.code);
  }

  receive(msg) {
    switch (msg.type) {
      case "welcome":
        if (this.since === null) this.since = msg.position;
        this.retry = 0;
        this.unanswered = 0;
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.ping(), Math.min(msg.heartbeatMillis || PING_EVERY_MS, PING_EVERY_MS));
        break;
      case "live":
        this.handlers.status("live");
        break;
      case "raffle":
        if (this.since === null || msg.asOf > this.since) this.since = msg.asOf;
        this.handlers.snapshot(msg);
        break;
      case "event":
        if (this.since !== null && msg.id <= this.since) return;
        this.since = msg.id;
        this.handlers.event(msg);
        break;
      case "resync":
        this.since = null;
        this.handlers.resync();
        break;
      case "pong":
        this.unanswered = 0;
        break;
      default:
        break;
    }
  }

  ping() {
    if (this.unanswered >= 3) {
      // three unanswered pings: the connection is dead even if the browser has not noticed
      this.socket.close(4000);
      return;
    }
    this.unanswered++;
    this.send({ type: "ping" });
  }

  closed(socket, code) {
    if (socket !== this.socket) return;
    clearInterval(this.pingTimer);
    this.handlers.status("offline");
    if (this.stopped) return;
    if (code === 4401) {
      this.handlers.unauthorized(code);
      return;
    }
    if (code === 4400) return; // our own bug: retrying would not help
    const delay = code === 1012 ? 0 : Math.min(30000, 500 * 2 ** this.retry++);
    setTimeout(() => this.connect(), delay + Math.floor(Math.random() * 250));
  }
}

function defaultUrl() {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/player";
}
