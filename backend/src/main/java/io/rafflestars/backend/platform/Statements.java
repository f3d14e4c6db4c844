package io.rafflestars.backend.platform;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.util.Arrays;

/** Named SQL statements: one YAML file per feature under {@code sql/}, merged into one {@code db.statements} node. */
public final class Statements {
    /** Every feature's statements file. A feature adds its file here. */
    static final String[] FILES = {
        "sql/platform.yaml",
        "sql/raffle.yaml",
        "sql/payment.yaml",
        "sql/telegram.yaml",
        "sql/ledger.yaml",
        "sql/audit.yaml",
        "sql/feed.yaml",
        "sql/auth.yaml",
        "sql/draw.yaml",
        "sql/payout.yaml",
        "sql/monitoring.yaml",
        "sql/player.yaml",
        "sql/bot.yaml"
    };

    private Statements() {}

    public static Config load() {
        var builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource();
        Arrays.stream(FILES).forEach(f -> builder.addSource(ConfigSources.classpath(f)));
        return builder.build().get("db.statements");
    }
}
