package io.rafflestars.backend;

import io.helidon.logging.common.LogConfig;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.auth.Users;
import io.rafflestars.backend.demo.DemoMode;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.EmbeddedDatabase;
import io.rafflestars.backend.platform.Logs;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.StartupException;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.BotApiException;
import io.rafflestars.backend.telegram.WebhookService;
import io.rafflestars.backend.telegram.WebhookSetup;
import io.rafflestars.telegramfake.FakeTelegram;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts the backend. Without {@code DATABASE_URL} it runs on an embedded PostgreSQL whose data stays in a per-user
 * folder between runs. {@code migrate} applies the migrations and exits; {@code webhook} registers the Telegram
 * webhook and menu button at {@code PUBLIC_URL}, prints what Telegram reports about the webhook and exits.
 */
public final class Main {
    /** The demo's bot token: only the in-process fake Telegram ever sees it. */
    private static final String DEMO_BOT_TOKEN = "100000:demo-bot-token";

    private Main() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        PrintStream out = System.out;
        try {
            Settings settings = Settings.fromEnvironment();
            Logs.configure(settings, System.getenv());
            out = Logs.console(settings);
            boolean migrateOnly = args.length > 0 && args[0].equals("migrate");
            if (args.length > 0 && args[0].equals("webhook")) {
                System.exit(webhook(settings, System.out));
            }
            if (args.length > 0 && !migrateOnly) {
                throw new StartupException(
                        "Unknown command '" + args[0] + "'; the commands are 'migrate' and 'webhook'");
            }
            EmbeddedDatabase embedded = null;
            DatabaseUrl url;
            if (settings.database().isPresent()) {
                url = settings.database().get();
            } else {
                embedded = EmbeddedDatabase.persistent(settings.dataDir(), settings.embeddedDbPort());
                url = embedded.url();
                out.println("DATABASE_URL is not set: using the embedded PostgreSQL on port " + embedded.port()
                        + ", data kept in " + embedded.dataDir());
                out.println("  psql: psql -h localhost -p " + embedded.port() + " -U postgres postgres");
            }
            if (migrateOnly) {
                try (Database db = Database.open(url, 2, io.helidon.config.Config.empty())) {
                    db.migrate();
                }
                closeQuietly(embedded);
                return;
            }
            FakeTelegram fake = null;
            String webhookSecret = null;
            if (settings.demo()) {
                // Demo mode: Telegram is simulated by the fake Bot API, in this process, on a free port.
                fake = FakeTelegram.start(DEMO_BOT_TOKEN);
                webhookSecret = randomSecret(24);
                Logs.redact(java.util.List.of(webhookSecret));
                settings = settings.withTelegram(new Settings.Telegram(DEMO_BOT_TOKEN, webhookSecret, fake.baseUrl()));
                if (settings.auth().jwtSecret().isEmpty()) {
                    // Console logins last until the next start; set JWT_SECRET to keep them across restarts.
                    String jwtSecret = randomSecret(48);
                    Logs.redact(java.util.List.of(jwtSecret));
                    settings = settings.withJwtSecret(jwtSecret);
                }
            }
            Backend backend = Backend.start(settings, url);
            List<Users.DemoAccount> accounts = settings.demo() ? demoAccounts(backend, settings) : List.of();
            DemoMode demo = null;
            if (fake != null) {
                fake.webhook(backend.uri().resolve(WebhookService.PATH), webhookSecret);
                demo = DemoMode.start(fake, backend.services().raffles(), Clock.systemUTC(), 6, Duration.ofSeconds(4));
                out.println("Demo mode: Telegram is simulated at " + fake.baseUrl()
                        + "; six simulated players buy tickets every few seconds.");
                out.println("  watch them: psql -h localhost -p " + settings.embeddedDbPort()
                        + " -U postgres postgres -c 'SELECT * FROM payment ORDER BY id DESC LIMIT 10'");
            }
            EmbeddedDatabase db = embedded;
            PrintStream console = out;
            FakeTelegram telegram = fake;
            DemoMode players = demo;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                if (players != null) {
                                    players.close();
                                }
                                backend.close();
                                if (telegram != null) {
                                    telegram.close();
                                }
                                closeQuietly(db);
                                // JUL's own shutdown hook may already have closed the log handlers.
                                console.println("Raffle Stars backend stopped");
                            },
                            "shutdown"));
            out.println("Raffle Stars is up:");
            out.println("  API        " + backend.uri() + "/");
            out.println("  health     " + backend.uri() + "/health/ready");
            out.println("  metrics    " + backend.uri() + "/metrics");
            out.println("  API docs   " + backend.uri() + "/openapi");
            if (!accounts.isEmpty()) {
                out.println("Console logins for this run (demo mode; new passwords at every start):");
                for (Users.DemoAccount a : accounts) {
                    out.printf(
                            "  %-9s password %s   roles %s%n",
                            a.username(),
                            a.password(),
                            a.roles().stream().sorted().map(Enum::name).collect(Collectors.joining(", ")));
                }
                out.println("  e.g. curl -s -X POST " + backend.uri() + "/api/auth/login -H 'Content-Type:"
                        + " application/json' -d '{\"username\":\"operator\",\"password\":\"...\"}'");
            }
        } catch (StartupException e) {
            System.err.println("Raffle Stars cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The {@code webhook} command: exit code 0 when Telegram took the settings, 1 when it refused. */
    private static int webhook(Settings settings, PrintStream out) {
        Settings.Telegram telegram = settings.telegram()
                .orElseThrow(
                        () -> new StartupException("webhook needs TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET"));
        java.net.URI publicUrl = settings.publicUrl()
                .orElseThrow(() -> new StartupException("webhook needs PUBLIC_URL (where Telegram reaches us)"));
        WebhookSetup setup = new WebhookSetup(
                new BotApiClient(telegram.apiUrl(), telegram.botToken()),
                publicUrl,
                telegram.webhookSecret(),
                Clock.systemUTC());
        try {
            WebhookSetup.Info info = setup.register();
            out.println("webhook:         " + info.url());
            out.println("allowed updates: " + info.allowedUpdates());
            out.println("pending updates: " + info.pendingUpdates());
            out.println("last error:      "
                    + info.lastErrorAt()
                            .map(at -> at + " " + info.lastError().orElse(""))
                            .orElse("none"));
            out.println("menu button:     " + setup.miniAppUrl());
            return info.url().equals(setup.webhookUrl().toString()) ? 0 : 1;
        } catch (BotApiException e) {
            System.err.println("Telegram refused: " + e.getMessage());
            return 1;
        }
    }

    private static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The demo's console users: an admin, an operator, two finance users (payouts need two different approvers) and
     * an auditor. An {@code admin} made from {@code ADMIN_PASSWORD_HASH} keeps its password.
     */
    private static List<Users.DemoAccount> demoAccounts(Backend backend, Settings settings) {
        Map<String, Role> wanted = new LinkedHashMap<>();
        boolean adminFromHash = settings.auth().adminPasswordHash().isPresent()
                && settings.auth().adminUsername().equals("admin");
        if (!adminFromHash) {
            wanted.put("admin", Role.ADMIN);
        }
        wanted.put("operator", Role.OPERATOR);
        wanted.put("finance", Role.FINANCE);
        wanted.put("finance2", Role.FINANCE);
        wanted.put("auditor", Role.AUDITOR);
        Users users = backend.services().users();
        return wanted.entrySet().stream()
                .map(e -> users.ensureDemoAccount(e.getKey(), Set.of(e.getValue())))
                .toList();
    }

    private static void closeQuietly(EmbeddedDatabase db) {
        if (db != null) {
            db.close();
        }
    }
}
