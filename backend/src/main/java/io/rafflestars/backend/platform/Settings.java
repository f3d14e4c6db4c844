package io.rafflestars.backend.platform;

import io.rafflestars.backend.auth.Passwords;
import io.rafflestars.backend.auth.Users;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the backend reads from its environment, validated once at start. Secrets come only from here; a bad
 * value fails start-up with one line naming the variable.
 *
 * @param host address to bind
 * @param port HTTP port ({@code PORT}; Railway sets it); 0 picks a free one
 * @param database the database, or empty to start the embedded PostgreSQL
 * @param dataDir where the embedded database keeps its files between runs
 * @param embeddedDbPort port of the embedded PostgreSQL
 * @param drain how long readiness reports DOWN before the server stops on SIGTERM, so the load balancer stops sending
 * @param poolSize maximum database connections of this instance
 * @param demo run against the built-in fake Telegram with simulated players ({@code RAFFLE_DEMO}; by default on when
 *     neither {@code DATABASE_URL} nor {@code TELEGRAM_BOT_TOKEN} is set, i.e. on the quick start's embedded default)
 * @param telegram how to reach the Bot API and check webhook calls; empty in demo mode until the fake Telegram runs
 * @param workerPoll how often the background jobs (scheduler, refunds, outgoing messages, update retries) look for work
 * @param scheduler whether this instance runs the raffle scheduler ({@code SCHEDULER_ENABLED}; tests that move
 *     raffles by hand turn it off)
 * @param holdTtl how long a ticket hold made at pre-checkout waits for its successful payment
 * @param auth console login: token secret, first administrator, token lifetimes
 * @param payouts the four-eyes threshold and how long prize money is held for a payout
 * @param publicUrl where Telegram and players reach this service ({@code PUBLIC_URL}); when set, start-up registers the
 *     webhook at {@code PUBLIC_URL/telegram/webhook} and points the bot's menu button at {@code PUBLIC_URL/app/}
 * @param logFormat {@code LOG_FORMAT}: text for people, json (one object per line) for log platforms
 * @param logLevel {@code LOG_LEVEL}: the root level (java.util.logging names: SEVERE, WARNING, INFO, FINE, ...)
 * @param edge what requests meet before their route: client address, allow-lists, rate limits
 * @param feed the live feeds' limits and timings
 */
public record Settings(
        String host,
        int port,
        Optional<DatabaseUrl> database,
        Path dataDir,
        int embeddedDbPort,
        Duration drain,
        int poolSize,
        boolean demo,
        Optional<Telegram> telegram,
        Duration workerPoll,
        boolean scheduler,
        Duration holdTtl,
        Auth auth,
        Payouts payouts,
        Optional<java.net.URI> publicUrl,
        LogFormat logFormat,
        java.util.logging.Level logLevel,
        Edge edge,
        Feed feed) {

    /**
     * Payout rules (docs/payouts.md).
     *
     * @param twoApproverThreshold a payout of more than this many Stars needs two different FINANCE approvers
     *     ({@code PAYOUT_TWO_APPROVER_THRESHOLD})
     * @param holdFor how long a payout's money stays held waiting for approval and execution ({@code
     *     PAYOUT_HOLD_DAYS}); after that the payout expires and finance reissues or rejects it
     */
    public record Payouts(long twoApproverThreshold, Duration holdFor) {}

    /**
     * The live feeds.
     *
     * @param retention how long outbox events are kept for reconnecting clients ({@code OUTBOX_RETENTION_HOURS})
     * @param heartbeat how often each socket is pinged; three silent intervals drop it ({@code FEED_HEARTBEAT_MILLIS})
     * @param clientQueue most events waiting for one client before it is told to resync ({@code FEED_CLIENT_QUEUE})
     * @param initDataMaxAge how old a Mini App's initData may be ({@code INIT_DATA_MAX_AGE_SECONDS})
     * @param initDataThirdParty {@code INIT_DATA_THIRD_PARTY}: accept Telegram's Ed25519 {@code signature}
     *     on initData as well, with this key ({@code production}, {@code test} or 64 hex digits); empty is off
     */
    public record Feed(
            Duration retention,
            Duration heartbeat,
            int clientQueue,
            Duration initDataMaxAge,
            Optional<String> initDataThirdParty) {}

    /**
     * Telegram's side: the bot token and webhook secrets are secrets and never logged.
     *
     * @param webhookSecretAlt a second webhook secret accepted too but never registered
     *     ({@code TELEGRAM_WEBHOOK_SECRET_ALT}), so the secret can be rotated without refusing a single delivery
     */
    public record Telegram(
            String botToken, String webhookSecret, java.net.URI apiUrl, Optional<String> webhookSecretAlt) {
        public Telegram(String botToken, String webhookSecret, java.net.URI apiUrl) {
            this(botToken, webhookSecret, apiUrl, Optional.empty());
        }

        /** Every secret the webhook accepts: the registered one first. */
        public java.util.List<String> acceptedWebhookSecrets() {
            return webhookSecretAlt
                    .map(alt -> java.util.List.of(webhookSecret, alt))
                    .orElse(java.util.List.of(webhookSecret));
        }

        @Override
        public String toString() {
            return "Telegram[apiUrl=" + apiUrl + ", botToken=***, webhookSecret=***"
                    + (webhookSecretAlt.isPresent() ? ", webhookSecretAlt=***" : "") + "]";
        }
    }

    /**
     * Console login. {@code jwtSecret} signs access tokens (secret; at least 32 bytes; required to serve, except in
     * demo mode, which makes a random one per start). {@code adminPasswordHash} (bcrypt or Argon2id) creates the
     * first ADMIN, {@code adminUsername}, when no user of that name exists.
     */
    public record Auth(
            Optional<String> jwtSecret,
            String adminUsername,
            Optional<String> adminPasswordHash,
            Duration accessTokenTtl,
            Duration refreshTokenTtl) {
        /** Shortest secret accepted: HS256 wants a key as long as its 32-byte hash. */
        public static final int MIN_SECRET_BYTES = 32;

        @Override
        public String toString() {
            return "Auth[jwtSecret=***, adminUsername=" + adminUsername + ", adminPasswordHash="
                    + adminPasswordHash.map(h -> "***").orElse("unset") + ", accessTokenTtl=" + accessTokenTtl
                    + ", refreshTokenTtl=" + refreshTokenTtl + "]";
        }
    }

    public enum LogFormat {
        TEXT,
        JSON
    }

    /**
     * The HTTP edge.
     *
     * @param trustedProxyHops how many proxies in front of us append to {@code X-Forwarded-For}
     *     ({@code TRUSTED_PROXY_HOPS}: 1 on Railway, 0 when clients connect directly)
     * @param perAddress {@code RATE_LIMIT_ADDRESS}; empty is off
     * @param perConsoleUser {@code RATE_LIMIT_CONSOLE_USER}; empty is off
     * @param perPlayer {@code RATE_LIMIT_PLAYER}; empty is off
     * @param consoleAllowFrom {@code CONSOLE_ALLOW_FROM}: only these addresses may use the console API; empty is all
     * @param webhookAllowFrom {@code TELEGRAM_WEBHOOK_ALLOW_FROM}: only these may post updates; empty is all
     * @param metricsAllowFrom {@code METRICS_ALLOW_FROM}: only these may read /metrics; empty is all
     */
    public record Edge(
            int trustedProxyHops,
            Optional<RateLimiter.Rate> perAddress,
            Optional<RateLimiter.Rate> perConsoleUser,
            Optional<RateLimiter.Rate> perPlayer,
            Optional<AddressRanges> consoleAllowFrom,
            Optional<AddressRanges> webhookAllowFrom,
            Optional<AddressRanges> metricsAllowFrom) {}

    /** The same settings with the Telegram part replaced (demo mode points it at the fake Telegram it started). */
    public Settings withTelegram(Telegram t) {
        return new Settings(
                host,
                port,
                database,
                dataDir,
                embeddedDbPort,
                drain,
                poolSize,
                demo,
                Optional.of(t),
                workerPoll,
                scheduler,
                holdTtl,
                auth,
                payouts,
                publicUrl,
                logFormat,
                logLevel,
                edge,
                feed);
    }

    /** The same settings with this token signing secret (demo mode makes a random one when none is set). */
    public Settings withJwtSecret(String secret) {
        return new Settings(
                host,
                port,
                database,
                dataDir,
                embeddedDbPort,
                drain,
                poolSize,
                demo,
                telegram,
                workerPoll,
                scheduler,
                holdTtl,
                new Auth(
                        Optional.of(secret),
                        auth.adminUsername(),
                        auth.adminPasswordHash(),
                        auth.accessTokenTtl(),
                        auth.refreshTokenTtl()),
                payouts,
                publicUrl,
                logFormat,
                logLevel,
                edge,
                feed);
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        Env e = new Env(env);
        Optional<DatabaseUrl> database = e.optional("DATABASE_URL").map(v -> DatabaseUrl.parse("DATABASE_URL", v));
        boolean demo = e.bool(
                "RAFFLE_DEMO",
                database.isEmpty() && e.optional("TELEGRAM_BOT_TOKEN").isEmpty());
        return new Settings(
                e.string("HOST", "0.0.0.0"),
                e.integer("PORT", 8080, 0, 65535),
                database,
                e.optional("RAFFLE_DATA_DIR").map(Path::of).orElseGet(() -> defaultDataDir(env)),
                e.integer("EMBEDDED_DB_PORT", 54329, 1, 65535),
                Duration.ofMillis(e.integer("SHUTDOWN_DRAIN_MILLIS", 3000, 0, 120_000)),
                e.integer("DB_POOL_SIZE", 10, 1, 500),
                demo,
                telegram(e, demo),
                Duration.ofMillis(e.integer("WORKER_POLL_MILLIS", 250, 10, 60_000)),
                e.bool("SCHEDULER_ENABLED", true),
                Duration.ofSeconds(e.integer("HOLD_TTL_SECONDS", 900, 5, 86_400)),
                auth(e),
                new Payouts(
                        e.integer("PAYOUT_TWO_APPROVER_THRESHOLD", 1000, 0, 1_000_000_000),
                        Duration.ofDays(e.integer("PAYOUT_HOLD_DAYS", 30, 1, 365))),
                e.optional("PUBLIC_URL").map(Settings::publicUrl),
                e.choice("LOG_FORMAT", LogFormat.TEXT, LogFormat.class),
                logLevel(e),
                edge(e),
                new Feed(
                        Duration.ofHours(e.integer("OUTBOX_RETENTION_HOURS", 72, 1, 24 * 366)),
                        Duration.ofMillis(e.integer("FEED_HEARTBEAT_MILLIS", 20_000, 100, 300_000)),
                        e.integer("FEED_CLIENT_QUEUE", 5_000, 100, 100_000),
                        Duration.ofSeconds(e.integer("INIT_DATA_MAX_AGE_SECONDS", 86_400, 60, 30 * 86_400)),
                        initDataThirdParty(e)));
    }

    private static Optional<String> initDataThirdParty(Env e) {
        Optional<String> key = e.optional("INIT_DATA_THIRD_PARTY");
        if (key.isPresent() && !key.get().toLowerCase(java.util.Locale.ROOT).matches("production|test|[0-9a-f]{64}")) {
            throw new StartupException("INIT_DATA_THIRD_PARTY must be 'production', 'test' or an Ed25519 public"
                    + " key as 64 hex digits");
        }
        return key;
    }

    private static Auth auth(Env e) {
        Optional<String> secret = e.optional("JWT_SECRET");
        secret.ifPresent(v -> {
            int bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes < Auth.MIN_SECRET_BYTES) {
                throw new StartupException("JWT_SECRET must be at least " + Auth.MIN_SECRET_BYTES
                        + " bytes (e.g. the output of: openssl rand -base64 48), got " + bytes);
            }
        });
        String admin = Users.normalise(e.string("ADMIN_USERNAME", "admin"));
        if (!Users.USERNAME.matcher(admin).matches()) {
            throw new StartupException(
                    "ADMIN_USERNAME must be 3-64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        Optional<String> hash = e.optional("ADMIN_PASSWORD_HASH");
        if (hash.isPresent() && !Passwords.isSupportedHash(hash.get())) {
            throw new StartupException("ADMIN_PASSWORD_HASH must be a bcrypt ($2a$, $2b$, $2y$) or Argon2id"
                    + " ($argon2id$) hash, e.g. the output of: htpasswd -bnBC 10 \"\" PASSWORD | tr -d ':\\n'");
        }
        return new Auth(
                secret,
                admin,
                hash,
                Duration.ofSeconds(e.integer("ACCESS_TOKEN_TTL_SECONDS", 900, 30, 3600)),
                Duration.ofSeconds(e.integer("REFRESH_TOKEN_TTL_SECONDS", 43_200, 300, 2_592_000)));
    }

    /** The service's public base URL: https (Telegram refuses anything else), no path beyond "/", no query. */
    private static java.net.URI publicUrl(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        java.net.URI uri;
        try {
            uri = new java.net.URI(trimmed);
        } catch (java.net.URISyntaxException ex) {
            throw new StartupException("PUBLIC_URL is not a URL: '" + text + "'");
        }
        if (uri.getScheme() == null
                || !uri.getScheme().matches("https?")
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null
                || uri.getUserInfo() != null) {
            throw new StartupException(
                    "PUBLIC_URL must be the service's base URL like https://raffles.example.com, got '" + text + "'");
        }
        return uri;
    }

    private static java.util.logging.Level logLevel(Env e) {
        String name = e.string("LOG_LEVEL", "INFO");
        try {
            return java.util.logging.Level.parse(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new StartupException(
                    "LOG_LEVEL must be one of SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST, ALL, OFF, got '"
                            + name + "'");
        }
    }

    private static Edge edge(Env e) {
        return new Edge(
                e.integer("TRUSTED_PROXY_HOPS", 0, 0, 10),
                RateLimiter.Rate.parse("RATE_LIMIT_ADDRESS", e.string("RATE_LIMIT_ADDRESS", "1200/60s")),
                RateLimiter.Rate.parse("RATE_LIMIT_CONSOLE_USER", e.string("RATE_LIMIT_CONSOLE_USER", "600/60s")),
                RateLimiter.Rate.parse("RATE_LIMIT_PLAYER", e.string("RATE_LIMIT_PLAYER", "300/60s")),
                e.optional("CONSOLE_ALLOW_FROM").map(v -> AddressRanges.parse("CONSOLE_ALLOW_FROM", v)),
                e.optional("TELEGRAM_WEBHOOK_ALLOW_FROM")
                        .map(v -> AddressRanges.parse("TELEGRAM_WEBHOOK_ALLOW_FROM", v)),
                e.optional("METRICS_ALLOW_FROM").map(v -> AddressRanges.parse("METRICS_ALLOW_FROM", v)));
    }

    /**
     * Both secrets or neither: without {@code TELEGRAM_BOT_TOKEN} the backend runs in demo mode against the fake
     * Telegram; with a token but no webhook secret anyone could post fake payments, so start-up fails.
     */
    private static Optional<Telegram> telegram(Env e, boolean demo) {
        Optional<String> token = e.optional("TELEGRAM_BOT_TOKEN");
        Optional<String> secret = e.optional("TELEGRAM_WEBHOOK_SECRET");
        if (demo) {
            if (token.isPresent() || secret.isPresent()) {
                throw new StartupException("RAFFLE_DEMO simulates Telegram: unset TELEGRAM_BOT_TOKEN and"
                        + " TELEGRAM_WEBHOOK_SECRET, or set RAFFLE_DEMO=false");
            }
            return Optional.empty();
        }
        if (token.isEmpty()) {
            if (secret.isPresent()) {
                throw new StartupException("TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_BOT_TOKEN is not");
            }
            return Optional.empty(); // enough to migrate; serving refuses to start without it
        }
        if (!token.get().matches("\\d{1,20}:[A-Za-z0-9_-]{1,100}")) {
            throw new StartupException("TELEGRAM_BOT_TOKEN must look like 123456:ABC-def (digits, a colon, the key)");
        }
        if (secret.isEmpty()) {
            throw new StartupException("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_BOT_TOKEN is");
        }
        // Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in secret_token.
        if (!secret.get().matches("[A-Za-z0-9_-]{1,256}")) {
            throw new StartupException("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
        }
        Optional<String> alt = e.optional("TELEGRAM_WEBHOOK_SECRET_ALT");
        if (alt.isPresent() && !alt.get().matches("[A-Za-z0-9_-]{1,256}")) {
            throw new StartupException(
                    "TELEGRAM_WEBHOOK_SECRET_ALT must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
        }
        String api = e.string("TELEGRAM_API_URL", "https://api.telegram.org");
        java.net.URI uri;
        try {
            uri = java.net.URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
        } catch (IllegalArgumentException ex) {
            throw new StartupException("TELEGRAM_API_URL is not a URL: '" + api + "'");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new StartupException("TELEGRAM_API_URL must be an http(s) URL, got '" + api + "'");
        }
        return Optional.of(new Telegram(token.get(), secret.get(), uri, alt));
    }

    private static Path defaultDataDir(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("raffle-stars");
    }

    /** Typed access to environment variables with one-line errors. */
    record Env(Map<String, String> env) {
        Optional<String> optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new StartupException(name + " must be true or false, got '" + v.get() + "'");
            };
        }

        <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            for (E c : type.getEnumConstants()) {
                if (c.name().equalsIgnoreCase(v.get())) {
                    return c;
                }
            }
            throw new StartupException(name + " must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                            .toList()
                    + ", got '" + v.get() + "'");
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.get());
                if (n < min || n > max) {
                    throw new StartupException(name + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException ex) {
                throw new StartupException(name + " must be a whole number, got '" + v.get() + "'");
            }
        }
    }
}
