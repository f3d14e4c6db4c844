package io.rafflestars.backend.bot;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operators' announcements to a raffle's participants (docs/bot.md). One transaction records the announcement, queues
 * one message per participant (each distinct ticket holder, in their language) on the bot's outgoing queue, and writes
 * the audit entry; the queue then sends them within Telegram's limits. The client's idempotency key makes a retried
 * request return the first announcement instead of messaging everyone again.
 */
public final class Announcements {
    /** Telegram takes 4096 characters in a message; the raffle's title goes first (see {@link Texts#announcement}). */
    public static final int MAX_TEXT = 4000;

    public static final int MAX_KEY = 100;

    private final Transactions tx;
    private final AuditLog audit;

    public Announcements(Transactions tx, AuditLog audit) {
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * What to say: {@code text} to everyone, or the variant in a player's language where there is one (only
     * {@code "ru"} so far; see {@link Lang}).
     */
    public record Request(String text, Map<String, String> variants) {
        public Request {
            variants = variants == null ? Map.of() : Map.copyOf(variants);
        }

        void validate() {
            checkText("text", text);
            for (var v : new TreeMap<>(variants).entrySet()) {
                if (!v.getKey().equals(Lang.RU.code())) {
                    throw ApiException.invalid(
                            "variants." + v.getKey(),
                            "variants are keyed by language: only \"ru\" is spoken besides" + " the default text");
                }
                checkText("variants." + v.getKey(), v.getValue());
            }
        }

        String ru() {
            return variants.get(Lang.RU.code());
        }

        /** SHA-256 of the texts: what makes a repeated key the same request. */
        String hash() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                String ru = ru();
                sha.update(ru == null ? new byte[] {1} : ("ru\0" + ru).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void checkText(String field, String value) {
            if (value == null || value.isBlank()) {
                throw ApiException.invalid(field, field + " must not be empty");
            }
            if (value.length() > MAX_TEXT) {
                throw ApiException.invalid(
                        field,
                        field + " must be at most " + MAX_TEXT
                                + " characters (Telegram's limit, less the raffle's title)");
            }
        }
    }

    /** An announcement and how far its messages have got. */
    public record Announcement(
            long id,
            long raffleId,
            String text,
            Map<String, String> variants,
            int recipients,
            long queued,
            long sent,
            long failed,
            String createdBy,
            Instant createdAt) {}

    private record Stored(long id, boolean created) {}

    /** The announcement, and whether this request created it (false: a retry with the same key). */
    public record Result(Announcement announcement, boolean created) {}

    /**
     * Announces {@code request} to the participants of raffle {@code raffleId}. NOT_FOUND without the raffle,
     * NO_PARTICIPANTS when nobody holds a ticket, IDEMPOTENCY_KEY_REUSED when {@code key} came before with other
     * texts; nothing is queued then.
     */
    public Result announce(long raffleId, Request request, String key, Actor actor) {
        request.validate();
        checkKey(key);
        String hash = request.hash();
        Stored stored = tx.run(t -> {
            DbRow raffle = t.namedGet("announcement-raffle", raffleId)
                    .orElseThrow(() -> ApiException.notFound("No raffle " + raffleId));
            var inserted =
                    t.namedGet("announcement-insert", raffleId, key, hash, request.text(), request.ru(), actor.name());
            if (inserted.isEmpty()) {
                DbRow earlier = t.namedGet("announcement-by-key", raffleId, key).orElseThrow();
                if (!Rows.string(earlier, "request_hash").equals(hash)) {
                    throw new ApiException(
                            ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            "Idempotency-Key " + key + " was used for another announcement to this raffle",
                            "Idempotency-Key");
                }
                return new Stored(Rows.getLong(earlier, "id"), false); // a retry: nothing more is queued
            }
            long created = Rows.getLong(inserted.get(), "id");
            String title = Rows.string(raffle, "title");
            long recipients = t.namedInsert(
                    "announcement-fan-out",
                    Lang.RU_CODES,
                    Texts.announcement(Lang.RU, title, request.ru() != null ? request.ru() : request.text()),
                    Texts.announcement(Lang.EN, title, request.text()),
                    created,
                    created,
                    raffleId);
            if (recipients == 0) {
                throw new ApiException(
                        ErrorCode.NO_PARTICIPANTS, "Raffle " + raffleId + " has no participants to announce to");
            }
            t.namedUpdate("announcement-recipients", recipients, created);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("announcementId", created);
            after.put("recipients", recipients);
            after.put("text", request.text());
            after.put("variants", request.variants());
            audit.append(t, AuditEntry.of(actor, "raffle.announce", "raffle", raffleId, null, after));
            return new Stored(created, true);
        });
        return new Result(get(raffleId, stored.id()), stored.created());
    }

    /** The announcement with its progress; NOT_FOUND when the raffle has no such announcement. */
    public Announcement get(long raffleId, long announcementId) {
        return tx.run(t -> t.namedGet("announcement-get", raffleId, announcementId)
                .map(r -> {
                    String ru = Rows.string(r, "text_ru");
                    return new Announcement(
                            Rows.getLong(r, "id"),
                            Rows.getLong(r, "raffle_id"),
                            Rows.string(r, "text"),
                            ru == null ? Map.of() : Map.of(Lang.RU.code(), ru),
                            Rows.getInt(r, "recipients"),
                            Rows.getLong(r, "queued"),
                            Rows.getLong(r, "sent"),
                            Rows.getLong(r, "failed"),
                            Rows.string(r, "created_by"),
                            Rows.instant(r, "created_at"));
                })
                .orElseThrow(
                        () -> ApiException.notFound("Raffle " + raffleId + " has no announcement " + announcementId)));
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.invalid(
                    "Idempotency-Key",
                    "An announcement needs an Idempotency-Key header (e.g. a UUID), so that a retried request does"
                            + " not message everyone twice");
        }
        if (key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.invalid(
                    "Idempotency-Key", "Idempotency-Key must be 1 to " + MAX_KEY + " visible ASCII characters");
        }
    }
}
