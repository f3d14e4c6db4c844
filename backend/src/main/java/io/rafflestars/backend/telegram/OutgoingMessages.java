package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's one outgoing queue (docs/bot.md). Messages are queued in the database in the same transaction as the
 * change they announce, so nothing is announced that did not happen and nothing is lost on a restart. {@link #sendDue}
 * sends them within Telegram's limits for the bot as a whole, however many instances run it, because the pace lives in
 * the database:
 *
 * <ul>
 *   <li>overall: a claim takes send slots {@code 1/perSecond} apart from the one pace row, under its lock, so claims
 *       of different instances never share a slot; the claimer waits for each slot (measured from the database's
 *       clock) before the call;
 *   <li>per chat: a chat takes its next message only a second after Telegram <em>answered</em> the previous one, and
 *       never while one is in flight, so its messages go one at a time and in order;
 *   <li>a 429's {@code retry_after} pauses the whole bot (no instance claims anything) and that chat for as long.
 * </ul>
 *
 * <p>Delivery: each message is sent once in every ordinary course (a claim leases it; a graceful stop finishes the
 * call in flight and gives the rest back). It is at least once in one case: the instance dies, or loses the database,
 * after Telegram accepted a message but before it recorded that; the lease runs out and the message goes again.
 * Telegram's sendMessage has no idempotency key, so no design can close that window; it is at most the calls the dead
 * instance had in flight ({@link #IN_FLIGHT}). A call without an answer (timeout) is the same case: Telegram may have
 * delivered, and the retry may repeat it. A message Telegram refuses for good (the player blocked the bot) is kept as FAILED, never dropped.
 */
public final class OutgoingMessages {
    private static final System.Logger LOG = System.getLogger(OutgoingMessages.class.getName());

    /**
     * How long a claimed message and its chat are left alone by other senders: more than the wait for its slot (at
     * most {@link #HORIZON}) plus the one call (connecting 5 s, answering 10 s: {@link #CALL}) plus recording it.
     */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How far ahead one claim takes slots: a second's worth of messages per claim at most. */
    static final Duration HORIZON = Duration.ofSeconds(1);
    /**
     * Calls of one instance in flight at once. Calls held up together (a network stall, a cold start) reach Telegram
     * together, so this bounds such a burst; at 25 a second it still allows 160 ms per call.
     */
    static final int IN_FLIGHT = 4;
    /** Claims one run of {@link #sendDue} makes at most while the queue keeps them full (about a second each). */
    static final int ROUNDS = 5;
    /** Behind its slots by more than this, an instance gives the rest of its claim back (see {@link #sendDue}). */
    static final Duration LATE = Duration.ofMillis(100);
    /** Telegram's limit for one chat: about one message a second. */
    public static final Duration PER_CHAT = Duration.ofSeconds(1);
    /** A message is given up (FAILED) after this many transient failures, hours apart at the end. */
    static final int MAX_ATTEMPTS = 30;
    /** One attempt per claim: the queue itself retries, paced; a repeated call inside the client would not be. */
    static final BotApiClient.Policy CALL =
            new BotApiClient.Policy(1, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(100));

    private final Transactions tx;
    private final BotApiClient api;
    private final Duration interval;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    /** {@code perSecond}: the bot's overall rate, for all instances together. */
    public OutgoingMessages(Transactions tx, BotApiClient api, int perSecond) {
        if (perSecond < 1 || perSecond > 30) {
            throw new IllegalArgumentException("Telegram allows about 30 messages a second: " + perSecond);
        }
        this.tx = tx;
        this.api = api;
        this.interval = Duration.ofNanos(1_000_000_000L / perSecond);
    }

    /**
     * Queues a Bot API call for {@code chatId} in the caller's transaction. A {@code dedupeKey} seen before queues
     * nothing, so a retried handler or transaction does not message twice.
     */
    public void enqueue(DbTransaction t, long chatId, String method, ObjectNode body, String dedupeKey) {
        t.namedInsert("outgoing-enqueue", chatId, method, body.toString(), dedupeKey, null);
    }

    /** The spacing of send slots for the whole bot. */
    public Duration interval() {
        return interval;
    }

    /** A claimed message and when its slot comes, as an offset from the claim. */
    private record Claimed(long id, long chatId, String method, String body, int attempts, Duration after) {}

    /**
     * Claims what is due within the next second's slots (at most {@code limit}) and sends each at its slot, on a
     * virtual thread of its own (a call to Telegram can take longer than the gap between two slots; at most
     * {@link #IN_FLIGHT} at once), and claims again while claims come back full, up to {@link #ROUNDS} times; returns
     * how many Telegram accepted, once every call has ended. Safe on several instances at once.
     *
     * <p>A slot is never used late: when this instance falls behind its slots by more than {@link #LATE} (a pause of
     * the JVM, a starved CPU), the rest of the claim goes back to the queue and the next run takes fresh slots, so a
     * late instance never bunches its messages into another instance's slots. Nor are two calls started closer than
     * one interval apart.
     */
    public synchronized int sendDue(int limit) {
        Run run = new Run();
        try {
            // while the queue keeps claims full, claim again at once (the pace row says when the slots are): a run
            // lasts a few seconds at most, so a stop waits little
            for (int round = 0; round < ROUNDS; round++) {
                Claim claim = claim(limit);
                if (!dispatch(claim.messages(), run) || claim.messages().size() < claim.asked()) {
                    break;
                }
            }
        } finally {
            awaitAll(run.calls);
        }
        return run.sent.get();
    }

    /** One run of {@link #sendDue}: its calls in flight and what they achieved. */
    private static final class Run {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean paused = new AtomicBoolean();
        final List<Thread> calls = new ArrayList<>();
        long previous = Long.MIN_VALUE;
    }

    /** Starts each claimed message's call at its slot; false when it stopped early (and gave the rest back). */
    private boolean dispatch(List<Claimed> claimed, Run run) {
        long start = System.nanoTime();
        long late = Math.max(LATE.toNanos(), 2 * interval.toNanos());
        for (int i = 0; i < claimed.size(); i++) {
            Claimed m = claimed.get(i);
            long due = start + m.after().toNanos();
            if (run.previous != Long.MIN_VALUE) {
                due = Math.max(due, run.previous + interval.toNanos());
            }
            long wait = due - System.nanoTime();
            try {
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                inFlight.acquire();
            } catch (InterruptedException e) {
                // a stop that would not wait: the unsent claims go back now, not after their lease
                release(claimed.subList(i, claimed.size()));
                Thread.currentThread().interrupt();
                return false;
            }
            if (run.paused.get() || System.nanoTime() - due > late) {
                inFlight.release();
                release(claimed.subList(i, claimed.size()));
                return false;
            }
            run.previous = System.nanoTime();
            run.calls.add(Thread.ofVirtual().name("outgoing-" + m.id()).start(() -> {
                try {
                    switch (send(m)) {
                        case SENT -> run.sent.incrementAndGet();
                        case NOT_SENT -> {}
                        case PAUSED -> run.paused.set(true);
                    }
                } catch (RuntimeException e) {
                    // the database went away while recording Telegram's answer: the claim's lease runs out and the
                    // message goes again (the at-least-once case, docs/bot.md)
                    run.paused.set(true);
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Outgoing message {0,number,#}: Telegram''s answer could not be recorded ({1}); it is"
                                    + " sent again after its lease",
                            m.id(),
                            e.getMessage());
                } finally {
                    inFlight.release();
                }
            }));
        }
        return true;
    }

    private static void awaitAll(List<Thread> calls) {
        boolean interrupted = false;
        for (Thread call : calls) {
            while (true) {
                try {
                    call.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the calls in flight still finish and record what Telegram said
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a claim asked for and got; fewer than asked means the queue has nothing more due right now. */
    private record Claim(List<Claimed> messages, int asked) {}

    private Claim claim(int limit) {
        return tx.run(t -> {
            if (!Rows.bool(t.namedGet("outgoing-any-due").orElseThrow(), "due")) {
                return new Claim(List.of(), 0);
            }
            DbRow pace = t.namedGet("outgoing-pace-lock").orElseThrow();
            // read after the lock is held: the slots are counted from this moment
            Instant now = Rows.instant(t.namedGet("outgoing-now").orElseThrow(), "now");
            if (Rows.instant(pace, "paused_until").isAfter(now)) {
                return new Claim(List.of(), 0);
            }
            Instant next = Rows.instant(pace, "next_slot_at");
            Instant first = next.isAfter(now) ? next : now;
            long free = Duration.between(first, now.plus(HORIZON)).toNanos() / interval.toNanos() + 1;
            int n = (int) Math.min(limit, Math.max(0, free));
            if (n == 0) {
                return new Claim(List.of(), 0);
            }
            try (var rows = t.namedQuery(
                    "outgoing-claim",
                    Rows.ts(now),
                    Rows.ts(now),
                    n,
                    Rows.ts(first),
                    micros(interval),
                    micros(LEASE),
                    micros(LEASE),
                    micros(interval))) {
                List<Claimed> messages = rows.map(r -> new Claimed(
                                Rows.getLong(r, "id"),
                                Rows.getLong(r, "chat_id"),
                                Rows.string(r, "method"),
                                Rows.string(r, "body"),
                                Rows.getInt(r, "attempts"),
                                Duration.between(now, Rows.instant(r, "slot_at"))))
                        .toList();
                return new Claim(messages, n);
            }
        });
    }

    private enum Outcome {
        SENT,
        NOT_SENT,
        PAUSED
    }

    private Outcome send(Claimed m) {
        ObjectNode body;
        try {
            body = (ObjectNode) Json.mapper().readTree(m.body());
        } catch (java.io.IOException | ClassCastException e) {
            tx.execute(t -> t.namedUpdate("outgoing-failed", "unreadable body: " + e.getMessage(), m.id()));
            return Outcome.NOT_SENT;
        }
        try {
            api.call(m.method(), body, CALL);
        } catch (BotApiException e) {
            if (e.errorCode() == 429) {
                Duration pause = Duration.ofSeconds(e.retryAfterSeconds() == null ? 1 : e.retryAfterSeconds());
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Telegram asked the bot to pause for {0} s (message {1,number,#}): {2}",
                        pause.toSeconds(),
                        m.id(),
                        e.getMessage());
                tx.execute(t -> {
                    t.namedUpdate("outgoing-pause", micros(pause));
                    t.namedUpdate("outgoing-defer", micros(pause), e.getMessage(), m.id());
                });
                return Outcome.PAUSED;
            }
            if (e.transientFailure() && m.attempts() < MAX_ATTEMPTS) {
                // No answer may still mean Telegram delivered it: the retry is the at-least-once case (docs/bot.md).
                tx.execute(t -> t.namedUpdate("outgoing-defer", micros(backoff(m.attempts())), e.getMessage(), m.id()));
            } else {
                // e.g. 403 "bot was blocked by the user": it will never go through; keep it for the record.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Outgoing message {0,number,#} ({1}) failed for good: {2}",
                        m.id(),
                        m.method(),
                        e.getMessage());
                tx.execute(t -> t.namedUpdate("outgoing-failed", e.getMessage(), m.id()));
            }
            return Outcome.NOT_SENT;
        }
        tx.execute(t -> t.namedUpdate("outgoing-sent", m.id(), micros(PER_CHAT)));
        return Outcome.SENT;
    }

    /** Gives claimed but unsent messages back to the queue at once (a 429 pause or a stop came first). */
    private void release(List<Claimed> rest) {
        if (rest.isEmpty()) {
            return;
        }
        try {
            tx.execute(t -> rest.forEach(m -> t.namedUpdate("outgoing-release", m.id())));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} claimed messages could not be given back ({1}); they go after their lease",
                    rest.size(),
                    e.getMessage());
        }
    }

    /** Forgets chats that are free anyway; run now and then. */
    public long pruneChats() {
        return tx.run(t -> t.namedDelete("outgoing-chat-prune"));
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10)));
    }
}
