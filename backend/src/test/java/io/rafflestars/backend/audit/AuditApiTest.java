package io.rafflestars.backend.audit;

import static io.rafflestars.backend.testing.ConsoleClient.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log over HTTP: filters, cursor paging, and verify. Tampering comes last: it breaks the chain for good. */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditApiTest {
    private static DatabaseUrl db;
    private static TestBackend app;
    private static ConsoleClient auditor;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
        ConsoleClient admin = ConsoleClient.user(app, "ivy", Role.ADMIN);
        for (int i = 0; i < 5; i++) {
            admin.post(
                    "/api/users",
                    "{\"username\":\"clerk" + i + "\",\"password\":\"clerk-password-1\",\"roles\":[\"AUDITOR\"]}");
        }
        auditor = app.as(Role.AUDITOR);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void filtersAndCursorPagingWalkTheLogNewestFirst() {
        List<String> targets = new ArrayList<>();
        String path = "/api/audit?action=user.create&actor=ivy&limit=2";
        JsonNode page = ConsoleClient.json(auditor.get(path));
        int pages = 0;
        long lastSeq = Long.MAX_VALUE;
        while (true) {
            pages++;
            for (JsonNode row : page.get("items")) {
                assertThat(row.get("seq").asLong()).isLessThan(lastSeq);
                lastSeq = row.get("seq").asLong();
                assertThat(row.get("action").asText()).isEqualTo("user.create");
                assertThat(row.get("actor").asText()).isEqualTo("ivy");
                assertThat(row.get("source").asText()).isEqualTo("127.0.0.1");
                assertThat(row.get("hash").asText()).hasSize(64);
                targets.add(row.get("targetId").asText());
            }
            if (page.get("nextBefore").isNull()) {
                break;
            }
            page = ConsoleClient.json(
                    auditor.get(path + "&before=" + page.get("nextBefore").asLong()));
        }
        assertThat(targets).containsExactly("clerk4", "clerk3", "clerk2", "clerk1", "clerk0");
        assertThat(pages).isEqualTo(3);

        JsonNode one = ConsoleClient.json(auditor.get("/api/audit?targetType=user&targetId=clerk2"));
        assertThat(one.get("items"))
                .singleElement()
                .satisfies(r -> assertThat(r.get("after").asText()).contains("\"roles\":[\"AUDITOR\"]"));
        String future = Instant.now().plusSeconds(3600).toString();
        assertThat(ConsoleClient.json(auditor.get("/api/audit?from=" + future)).get("items"))
                .isEmpty();
        assertThat(ConsoleClient.json(auditor.get("/api/audit?to=" + future + "&action=user.create"))
                        .get("items"))
                .hasSize(5 + 2); // ivy and the auditor were created by system:test
        assertThat(error(auditor.get("/api/audit?from=now"), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("from");
        assertThat(ConsoleClient.json(app.as(Role.FINANCE).get("/api/audit?limit=1"))
                        .get("items"))
                .hasSize(1);
    }

    @Test
    @Order(2)
    void verifyOfAnIntactChainIsItselfAudited() {
        JsonNode result = ConsoleClient.json(auditor.post("/api/audit/verify"));
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("rowsChecked").asLong()).isPositive();
        assertThat(result.get("brokenSeq").isNull()).isTrue();
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'audit.verify' AND actor = '"
                                + auditor.username() + "' AND after_json LIKE '%\"intact\":true%'"))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void aRowAlteredDirectlyInTheDatabaseIsNamedByVerify() {
        long seq = TestDatabases.count(
                db, "SELECT seq FROM audit_log WHERE action = 'user.create' AND target_id = 'clerk2'");
        TestDatabases.execute(
                db,
                "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET after_json ="
                        + " replace(after_json, 'AUDITOR', 'ADMIN') WHERE seq = " + seq
                        + "; ALTER TABLE audit_log ENABLE TRIGGER USER");
        JsonNode result = ConsoleClient.json(auditor.post("/api/audit/verify"));
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("brokenSeq").asLong()).isEqualTo(seq);
        assertThat(result.get("rowsChecked").asLong()).isEqualTo(seq - 1);
        assertThat(result.get("reason").asText()).contains("row " + seq).contains("altered");
    }
}
