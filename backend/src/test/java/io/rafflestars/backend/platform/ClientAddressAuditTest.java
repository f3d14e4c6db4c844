package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Behind a trusted proxy, the audit log and the login throttle see the client the proxy saw, not the proxy. */
@ExtendWith(FreshDatabase.class)
class ClientAddressAuditTest {
    @Test
    void behindOneProxyTheAuditLogRecordsTheAddressTheProxySaw(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db, Map.of("TRUSTED_PROXY_HOPS", "1"))) {
            ConsoleClient.user(app, "pat", io.rafflestars.backend.auth.Role.AUDITOR);
            var res = TestBackend.send(HttpRequest.newBuilder(app.uri("/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "6.6.6.6, 198.51.100.2")
                    .POST(HttpRequest.BodyPublishers.ofString(ConsoleClient.loginBody("pat", ConsoleClient.PASSWORD)))
                    .build());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(TestDatabases.count(
                            db,
                            "SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND actor = 'pat'"
                                    + " AND source = '198.51.100.2'"))
                    .isEqualTo(1);
        }
    }
}
