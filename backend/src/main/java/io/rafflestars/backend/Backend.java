package io.rafflestars.backend;

import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.rafflestars.backend.audit.AuditApi;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.auth.SessionApi;
import io.rafflestars.backend.auth.Tokens;
import io.rafflestars.backend.auth.UserApi;
import io.rafflestars.backend.bot.AnnouncementApi;
import io.rafflestars.backend.draw.DrawApi;
import io.rafflestars.backend.draw.PublicDrawApi;
import io.rafflestars.backend.feed.ConsoleAuthenticator;
import io.rafflestars.backend.feed.ConsolePrincipal;
import io.rafflestars.backend.feed.Feeds;
import io.rafflestars.backend.ledger.LedgerApi;
import io.rafflestars.backend.monitoring.BusinessMetrics;
import io.rafflestars.backend.monitoring.HttpMetrics;
import io.rafflestars.backend.payment.ReconciliationApi;
import io.rafflestars.backend.payout.PayoutApi;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Edge;
import io.rafflestars.backend.platform.Errors;
import io.rafflestars.backend.platform.Health;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.OpenApiDocument;
import io.rafflestars.backend.platform.RequestIds;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.StartupException;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Workers;
import io.rafflestars.backend.player.MiniAppAssets;
import io.rafflestars.backend.player.PlayerApi;
import io.rafflestars.backend.raffle.RaffleApi;
import io.rafflestars.backend.raffle.RaffleQueries;
import io.rafflestars.backend.telegram.WebhookService;
import io.rafflestars.backend.telegram.WebhookSetup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running backend instance: database, migrations, HTTP server. {@link Main} starts it for real, tests start it
 * the same way against their own database.
 */
public final class Backend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Backend.class.getName());
    private static final long MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final Settings settings;
    private final Database database;
    private final Health health;
    private final Services services;
    private final Workers workers;
    private final Feeds feeds;
    private final WebServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Backend(
            Settings settings,
            Database database,
            Health health,
            Services services,
            Workers workers,
            Feeds feeds,
            WebServer server) {
        this.settings = settings;
        this.database = database;
        this.health = health;
        this.services = services;
        this.workers = workers;
        this.feeds = feeds;
        this.server = server;
    }

    /** Migrates the database and starts serving. {@code settings} must say how to reach Telegram. */
    public static Backend start(Settings settings, DatabaseUrl databaseUrl) {
        Settings.Telegram telegram = settings.telegram()
                .orElseThrow(() -> new StartupException("TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set"
                        + " (or RAFFLE_DEMO=true to run against the built-in fake Telegram)"));
        String jwtSecret = settings.auth()
                .jwtSecret()
                .orElseThrow(() -> new StartupException("JWT_SECRET must be set: at least "
                        + Settings.Auth.MIN_SECRET_BYTES + " bytes, e.g. the output of: openssl rand -base64 48"));
        Database database = Database.open(databaseUrl, settings.poolSize(), Statements.load());
        Workers workers = new Workers();
        Feeds feeds = null;
        try {
            database.migrate();
            Services services = Services.wire(
                    database, telegram, settings, jwtSecret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
            bootstrapAdmin(settings, services);
            String instanceId = java.util.UUID.randomUUID().toString();
            database.client().execute().namedInsert("record-start", instanceId);
            Health health = new Health(database, database.expectedSchemaVersion());
            registerPoolMetrics(database);
            new BusinessMetrics(services.tx()).register();
            Edge edge = new Edge(settings.edge());
            feeds = Feeds.start(
                    database,
                    services.tx(),
                    settings.feed(),
                    settings.poolSize(),
                    consoleTokens(services.tokens()),
                    services.initData(),
                    new Feeds.ConsoleAddresses(edge.clients(), settings.edge().consoleAllowFrom()),
                    instanceId);
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .shutdownGracePeriod(Duration.ofSeconds(10))
                    .maxPayloadSize(MAX_PAYLOAD_BYTES)
                    .featuresDiscoverServices(false)
                    .mediaContext(MediaContext.builder()
                            .mediaSupportsDiscoverServices(false)
                            .addMediaSupport(JacksonSupport.create(Json.mapper()))
                            .build())
                    .directHandlers(Errors.directHandlers())
                    .addFeature(ObserveFeature.builder()
                            .endpoint("/")
                            .addObserver(HealthObserver.builder()
                                    .details(true)
                                    .addCheck(health.readiness())
                                    .addCheck(health.liveness())
                                    .build())
                            .addObserver(MetricsObserver.create())
                            .build())
                    .addFeature(Access.feature(services.tokens()))
                    .routing(r -> routing(r, services, telegram, edge))
                    .addProtocol(Feeds.protocol())
                    .addRouting(feeds.routing())
                    .build()
                    .start();
            services.startWorkers(workers, settings);
            workers.every("outbox-prune", Duration.ofMinutes(10), feeds::prune);
            settings.publicUrl()
                    .ifPresentOrElse(
                            url -> registerWebhook(workers, services, url, telegram),
                            () -> LOG.log(
                                    System.Logger.Level.INFO,
                                    "PUBLIC_URL is not set: this instance does not register the Telegram webhook"));
            Backend backend = new Backend(settings, database, health, services, workers, feeds, server);
            LOG.log(System.Logger.Level.INFO, "Raffle Stars backend listening on {0}", backend.uri());
            return backend;
        } catch (RuntimeException e) {
            workers.close();
            if (feeds != null) {
                feeds.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * The console feed accepts exactly the tokens the console API accepts, judged by the same code: checked again at
     * every heartbeat, so logout, a password change or a role change ends a feed session too.
     */
    private static ConsoleAuthenticator consoleTokens(Tokens tokens) {
        return token -> tokens.verify(token)
                .map(user -> new ConsolePrincipal(
                        user.username(),
                        user.roles().stream().map(Role::name).collect(java.util.stream.Collectors.toSet())));
    }

    /** Filters (request id, metrics, the edge), error handlers, the console-token gate, then every route. */
    static void routing(HttpRouting.Builder routing, Services services, Settings.Telegram telegram, Edge edge) {
        routing.addFilter(RequestIds::filter);
        routing.addFilter(new HttpMetrics()::filter);
        edge.install(routing);
        Errors.register(routing);
        Access.install(routing);
        // Right behind authentication, so the limit is per user however many addresses or tokens they use.
        routing.any("/api/*", edge.perConsoleUser(Access::userName));
        routes(routing, services, telegram, edge);
    }

    /**
     * Every route the backend serves (besides health and metrics). Each must be described in the OpenAPI document
     * ({@code openapi.yaml}); {@code OpenApiTest} walks this method to check (public for the test helper
     * {@code testing.RouteCatalog}).
     */
    public static void routes(HttpRules routing, Services services, Settings.Telegram telegram, Edge edge) {
        routing.get("/", (req, res) -> res.send(new ServiceInfo("raffle-stars", "/health/ready", "/metrics")));
        routing.register(OpenApiDocument.PATH, new OpenApiDocument());
        routing.register(WebhookService.PATH, new WebhookService(telegram.acceptedWebhookSecrets(), services.inbox()));
        routing.register(SessionApi.PATH, new SessionApi(services.sessions(), services.users()));
        routing.register(UserApi.PATH, new UserApi(services.users()));
        routing.register(RaffleApi.PATH, new RaffleApi(services.raffles(), new RaffleQueries(services.tx())));
        routing.register(AnnouncementApi.PATH, new AnnouncementApi(services.announcements()));
        routing.register(AuditApi.PATH, new AuditApi(services.audit(), services.tx()));
        routing.register(PublicDrawApi.PATH, new PublicDrawApi(services.draws()));
        routing.register(DrawApi.PATH, new DrawApi(services.draws()));
        routing.register(PayoutApi.PATH, new PayoutApi(services.payouts()));
        routing.register(LedgerApi.PATH, new LedgerApi(services.ledgerReports()));
        routing.register(ReconciliationApi.PATH, new ReconciliationApi(services.mismatches()));
        routing.register(
                PlayerApi.PATH,
                new PlayerApi(services.initData(), services.players(), services.freeEntries(), services.draws(), edge));
        routing.register(MiniAppAssets.PATH, new MiniAppAssets());
    }

    /** The first ADMIN from {@code ADMIN_PASSWORD_HASH}; without one and without any ADMIN, nobody can log in. */
    private static void bootstrapAdmin(Settings settings, Services services) {
        Settings.Auth auth = settings.auth();
        if (auth.adminPasswordHash().isPresent()) {
            if (services.users()
                    .bootstrapAdmin(
                            auth.adminUsername(), auth.adminPasswordHash().get())) {
                LOG.log(System.Logger.Level.INFO, "Created console administrator ''{0}''", auth.adminUsername());
            }
        } else if (!settings.demo() && !services.users().anyAdmin()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "No console administrator exists and ADMIN_PASSWORD_HASH is not set: nobody can log in to the"
                            + " console. Set ADMIN_PASSWORD_HASH (see README) and restart.");
        }
    }

    /**
     * Production: tell Telegram where the webhook and the Mini App are, right away and until it succeeds, then read
     * Telegram's view of the webhook every few minutes (see {@link WebhookSetup}).
     */
    private static void registerWebhook(Workers workers, Services services, URI publicUrl, Settings.Telegram t) {
        WebhookSetup setup = new WebhookSetup(services.telegram(), publicUrl, t.webhookSecret(), Clock.systemUTC());
        setup.registerMetrics();
        workers.every("telegram-webhook", Duration.ZERO, Duration.ofSeconds(30), setup::tick);
    }

    record ServiceInfo(String service, String health, String metrics) {}

    private static void registerPoolMetrics(Database database) {
        var registry = Metrics.globalRegistry();
        registry.getOrCreate(
                Gauge.builder("db_pool_active", database, d -> d.poolStats().active()));
        registry.getOrCreate(
                Gauge.builder("db_pool_idle", database, d -> d.poolStats().idle()));
        registry.getOrCreate(
                Gauge.builder("db_pool_waiting", database, d -> d.poolStats().waiting()));
        registry.getOrCreate(
                Gauge.builder("db_pool_max", database, d -> d.poolStats().max()));
    }

    public int port() {
        return server.port();
    }

    public URI uri() {
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        return URI.create("http://" + host + ":" + port());
    }

    public Database database() {
        return database;
    }

    public Health health() {
        return health;
    }

    public Services services() {
        return services;
    }

    public Feeds feeds() {
        return feeds;
    }

    /**
     * Graceful stop: readiness goes DOWN, the load balancer gets {@code drain} to notice (feed clients keep their live
     * events meanwhile), feed clients are told to reconnect elsewhere (1012) once it has, in-flight requests finish,
     * then the pool closes.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.markStopping();
        sleep(settings.drain());
        feeds.disconnectAll();
        server.stop();
        workers.close();
        feeds.close();
        database.close();
        LOG.log(System.Logger.Level.INFO, "Raffle Stars backend stopped");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
