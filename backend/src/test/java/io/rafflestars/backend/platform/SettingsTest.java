package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsWithoutEnvironment() {
        Settings s = Settings.from(Map.of("XDG_DATA_HOME", "/data"));
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.database()).isEmpty();
        assertThat(s.dataDir()).isEqualTo(Path.of("/data/raffle-stars"));
    }

    @Test
    void railwayPortAndDatabase() {
        Settings s = Settings.from(Map.of("PORT", "3000", "DATABASE_URL", "postgresql://u:p@h:1/db"));
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.database()).get().extracting(DatabaseUrl::jdbcUrl).isEqualTo("jdbc:postgresql://h:1/db");
    }

    @Test
    void badPortNamesTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("PORT", "eighty")))
                .isInstanceOf(StartupException.class)
                .hasMessage("PORT must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> Settings.from(Map.of("PORT", "70000")))
                .hasMessage("PORT must be between 0 and 65535, got 70000");
    }

    @Test
    void badDatabaseUrlNamesTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL", "nonsense")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("DATABASE_URL ");
    }
}
