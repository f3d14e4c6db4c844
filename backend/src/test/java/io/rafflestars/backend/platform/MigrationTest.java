package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.config.Config;
import io.rafflestars.backend.testing.FreshDatabase;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class MigrationTest {

    @Test
    void emptyDatabaseIsMigratedThenMigratingAgainChangesNothing(DatabaseUrl url) {
        try (Database db = Database.open(url, 2, Config.empty())) {
            MigrateResult first = db.migrate();
            assertThat(first.migrationsExecuted).isPositive();
            assertThat(first.success).isTrue();
            assertThat(db.currentSchemaVersion(java.time.Duration.ofSeconds(2))).contains(db.expectedSchemaVersion());

            MigrateResult second = db.migrate();
            assertThat(second.migrationsExecuted).isZero();
            assertThat(db.currentSchemaVersion(java.time.Duration.ofSeconds(2))).contains(db.expectedSchemaVersion());
        }
    }
}
