// The provable draw, recomputed in the browser with WebCrypto: docs/fairness.md, version 1, byte for byte.
// Runs unchanged in Node 20+ (globalThis.crypto), which is how the test compares it with the Java reference.

const TWO_64 = 1n << 64n;
const encoder = new TextEncoder();

function u64be(value) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(value)));
  return bytes;
}

function u32be(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function hexToBytes(hex) {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
    throw new Error("not lowercase hex: " + hex);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

async function hmacKey(keyBytes) {
  return crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function hmac(key, message) {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
}

/** Section 3: hex(SHA-256(seed)). */
export async function commitment(seed) {
  return bytesToHex(await sha256(seed));
}

/** Section 4. tickets: [[ticketNumber, playerId], ...] in any order; numbers unique. */
export async function ticketsHash(raffleId, tickets) {
  const sorted = canonical(tickets);
  const parts = [encoder.encode("raffle-stars/tickets/v1"), u64be(raffleId), u64be(sorted.length)];
  for (const [number, player] of sorted) parts.push(u64be(number), u64be(player));
  return sha256(concat(parts));
}

function canonical(tickets) {
  const sorted = tickets.map(([n, p]) => [BigInt(n), BigInt(p)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][0] === sorted[i - 1][0]) throw new Error("duplicate ticket number " + sorted[i][0]);
  }
  return sorted;
}

/** Sections 6-7: the stream of unsigned 64-bit values. */
async function stream(seed, raffleId, hash, beacon) {
  const keyMessage = concat([encoder.encode("raffle-stars/draw/v1"), u64be(raffleId), hash, u32be(beacon.length), beacon]);
  const drawKey = await hmac(await hmacKey(seed), keyMessage);
  const blockKey = await hmacKey(drawKey);
  let block = 0n;
  let values = [];
  return {
    drawKey: bytesToHex(drawKey),
    async next() {
      if (values.length === 0) {
        const bytes = await hmac(blockKey, u64be(block++));
        const view = new DataView(bytes.buffer);
        values = [0, 8, 16, 24].map((o) => view.getBigUint64(o));
      }
      return values.shift();
    },
  };
}

/** Section 8: uniform in [0, n) by rejection sampling. */
async function uniform(s, n) {
  const limit = TWO_64 - (TWO_64 % n);
  for (;;) {
    const x = await s.next();
    if (x < limit) return x % n;
  }
}

/**
 * Sections 9-10. Returns the places (index p-1 for place p) as {ticket, player} or null when unfilled.
 * policy: "ONE_PRIZE_PER_PLAYER" or "ALLOW_REPEAT"; disqualified: places in order.
 */
export async function draw({ seed, raffleId, tickets, beacon = new Uint8Array(0), places, policy, disqualified = [] }) {
  if (seed.length !== 32) throw new Error("the seed must be 32 bytes");
  const sorted = canonical(tickets);
  const hash = await ticketsHash(raffleId, sorted);
  const s = await stream(seed, raffleId, hash, beacon);
  const a = sorted.map(([n]) => n);
  const owner = new Map(sorted);
  const holder = new Array(places).fill(null);
  const out = new Set();
  const onePerPlayer = policy === "ONE_PRIZE_PER_PLAYER";
  if (!onePerPlayer && policy !== "ALLOW_REPEAT") throw new Error("unknown policy " + policy);
  let k = 0;

  async function fill() {
    while (holder.includes(null) && k < a.length) {
      const j = k + Number(await uniform(s, BigInt(a.length - k)));
      [a[k], a[j]] = [a[j], a[k]];
      const candidate = a[k++];
      const player = owner.get(candidate);
      if (out.has(player)) continue;
      if (onePerPlayer && holder.some((h) => h !== null && owner.get(h) === player)) continue;
      holder[holder.indexOf(null)] = candidate;
    }
  }

  await fill();
  for (const d of disqualified) {
    if (!(d >= 1 && d <= places) || holder[d - 1] === null) throw new Error("invalid disqualification of place " + d);
    out.add(owner.get(holder[d - 1]));
    holder[d - 1] = null;
    await fill();
  }
  return {
    ticketsHash: bytesToHex(hash),
    drawKey: s.drawKey,
    places: holder.map((t) => (t === null ? null : { ticket: t, player: owner.get(t) })),
  };
}

/**
 * Section 11: checks a published draw. Returns {ok: true} or {ok: false, check, published, recomputed}, with the
 * same check names as the Java verifier: SEED_LENGTH, COMMITMENT, TICKETS_HASH, PLACES, DISQUALIFICATIONS, WINNER.
 * published: {seed, commitment, raffleId, tickets, ticketsHash, beacon?, places, policy, disqualified, winners}
 * with hex strings for bytes and winners as [{place, ticket} | {place, unfilled: true}].
 */
export async function verify(published) {
  const fail = (check, pub, re) => ({ ok: false, check, published: String(pub), recomputed: String(re) });
  const seed = hexToBytes(published.seed);
  if (seed.length !== 32) return fail("SEED_LENGTH", seed.length, 32);
  const c = await commitment(seed);
  if (c !== published.commitment) return fail("COMMITMENT", published.commitment, c);
  const h = bytesToHex(await ticketsHash(published.raffleId, published.tickets));
  if (h !== published.ticketsHash) return fail("TICKETS_HASH", published.ticketsHash, h);
  if (!(published.places >= 1) || published.winners.length !== published.places) {
    return fail("PLACES", published.places, published.winners.length);
  }
  let result;
  try {
    result = await draw({
      seed,
      raffleId: published.raffleId,
      tickets: published.tickets,
      beacon: hexToBytes(published.beacon || ""),
      places: published.places,
      policy: published.policy,
      disqualified: published.disqualified || [],
    });
  } catch (e) {
    return fail("DISQUALIFICATIONS", JSON.stringify(published.disqualified), e.message);
  }
  for (let p = 1; p <= published.places; p++) {
    const want = published.winners.find((w) => w.place === p);
    const got = result.places[p - 1];
    const wantTicket = !want || want.unfilled ? null : BigInt(want.ticket);
    const gotTicket = got === null ? null : got.ticket;
    if (wantTicket !== gotTicket) return fail("WINNER", "place " + p + ": " + wantTicket, "place " + p + ": " + gotTicket);
  }
  return { ok: true, drawKey: result.drawKey };
}
