package io.rafflestars.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.console.login.LoginViewModel;
import io.rafflestars.console.raffles.RaffleEditor;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The API client, feed client and login view-model against a real backend, without the JavaFX toolkit. */
@ExtendWith(FreshDatabase.class)
class ClientsAgainstBackendTest {
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl db) {
        app = TestBackend.start(db);
        ConsoleClient.user(app, "otto", Role.OPERATOR, Role.FINANCE);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static ApiClient loggedIn() {
        ApiClient api = ApiClient.create();
        api.server(app.uri("").toString());
        api.login("otto", ConsoleClient.PASSWORD);
        return api;
    }

    private static Dto.RaffleSpec spec(String title) {
        RaffleEditor e = new RaffleEditor(ZoneOffset.UTC);
        e.blank(Instant.now().plusSeconds(3600));
        e.titleProperty().set(title);
        e.descriptionProperty().set("from the client test");
        return e.spec();
    }

    @Test
    void loginSaysWhyItFailedAndRemembersTheServerWhenItWorks() throws Exception {
        Preferences prefs = Preferences.userRoot().node("raffle-stars-test/" + UUID.randomUUID());
        try {
            LoginViewModel vm = new LoginViewModel(ApiClient.create(), Ui.direct(), prefs);
            vm.serverProperty().set(app.uri("").toString());
            vm.usernameProperty().set("otto");
            vm.passwordProperty().set("wrong-password-123");
            vm.login(s -> {});
            assertThat(vm.errorProperty().get()).startsWith("Wrong user name or password");

            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            vm.serverProperty().set("http://127.0.0.1:" + closedPort);
            vm.passwordProperty().set(ConsoleClient.PASSWORD);
            vm.login(s -> {});
            assertThat(vm.errorProperty().get())
                    .contains("Cannot reach the server")
                    .contains("Is the backend running");

            // https:// to a server that speaks plain HTTP: a TLS failure, not "unreachable"
            vm.serverProperty().set(app.uri("").toString().replace("http://", "https://"));
            vm.passwordProperty().set(ConsoleClient.PASSWORD);
            vm.login(s -> {});
            assertThat(vm.errorProperty().get()).startsWith("TLS problem");

            List<Session> sessions = new CopyOnWriteArrayList<>();
            vm.serverProperty().set(app.uri("/").toString());
            vm.passwordProperty().set(ConsoleClient.PASSWORD);
            vm.login(sessions::add);
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(sessions)
                    .singleElement()
                    .satisfies(s -> assertThat(s.roles()).contains("OPERATOR", "FINANCE"));
            assertThat(vm.passwordProperty().get()).isEmpty();
            LoginViewModel again = new LoginViewModel(ApiClient.create(), Ui.direct(), prefs);
            assertThat(again.serverProperty().get()).isEqualTo(app.uri("").toString());
            assertThat(again.usernameProperty().get()).isEqualTo("otto");
        } finally {
            prefs.removeNode();
        }
    }

    @Test
    void anAdminManagesUsersThroughTheViewModel() {
        ConsoleClient.user(app, "adele", Role.ADMIN);
        ApiClient api = ApiClient.create();
        api.server(app.uri("").toString());
        api.login("adele", ConsoleClient.PASSWORD);
        io.rafflestars.console.users.UsersViewModel vm =
                new io.rafflestars.console.users.UsersViewModel(api, Ui.direct());
        vm.newNameProperty().set("frank");
        vm.newPasswordProperty().set("short");
        vm.roleProperty("FINANCE").set(true);
        vm.create();
        assertThat(vm.messageProperty().get()).contains("at least 12 characters");
        vm.newPasswordProperty().set("frank-password-123");
        vm.create();
        assertThat(vm.messageProperty().get()).startsWith("Created frank");
        Dto.User frank = vm.users().stream()
                .filter(u -> u.username().equals("frank"))
                .findFirst()
                .orElseThrow();
        assertThat(frank.roles()).containsExactly("FINANCE");

        vm.selectedProperty().set(frank);
        vm.roleProperty("AUDITOR").set(true);
        vm.saveRoles();
        assertThat(vm.messageProperty().get()).contains("frank now holds").contains("AUDITOR");
        vm.setEnabled(false);
        assertThat(vm.messageProperty().get()).contains("disabled");
        ApiClient asFrank = ApiClient.create();
        asFrank.server(app.uri("").toString());
        assertThatThrownBy(() -> asFrank.login("frank", "frank-password-123"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"));
        vm.setEnabled(true);
        vm.resetPassword("another-frank-password");
        assertThat(asFrank.login("frank", "another-frank-password").roles())
                .containsExactlyInAnyOrder("FINANCE", "AUDITOR");
    }

    @Test
    void errorsCarryTheBackendsCodeAndField() {
        ApiClient api = loggedIn();
        Dto.RaffleSpec bad = spec("x".repeat(40));
        assertThatThrownBy(() -> api.post("/api/raffles", bad, Dto.Raffle.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
                    assertThat(e.field()).isEqualTo("title");
                });
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceTransparently() {
        ApiClient api = loggedIn();
        String before = api.session().accessToken();
        api.refresh();
        assertThat(api.session().accessToken()).isNotEqualTo(before);
        assertThat(api.get("/api/auth/me", com.fasterxml.jackson.databind.JsonNode.class)
                        .path("username")
                        .asText())
                .isEqualTo("otto");
    }

    @Test
    void theFeedResumesAfterADropWithExactlyWhatWasMissed() {
        ApiClient api = loggedIn();
        List<FeedMessage> events = new CopyOnWriteArrayList<>();
        List<FeedClient.State> states = new CopyOnWriteArrayList<>();
        AtomicLong caughtUp = new AtomicLong(-1);
        FeedClient feed =
                new FeedClient(api.http(), api::feedUri, () -> api.session().accessToken(), new FeedClient.Listener() {
                    @Override
                    public void state(FeedClient.State state, String detail) {
                        states.add(state);
                    }

                    @Override
                    public void event(FeedMessage event) {
                        events.add(event);
                    }

                    @Override
                    public void resync(String reason) {}

                    @Override
                    public void caughtUp(long missed) {
                        caughtUp.set(missed);
                    }
                });
        feed.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(FeedClient.State.LIVE));
            Dto.Raffle first = api.post("/api/raffles", spec("Before the drop"), Dto.Raffle.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.event().equals("RaffleChanged") && e.longOf("id") == first.id()));

            feed.suspend();
            Dto.Raffle second = api.post("/api/raffles", spec("During the drop"), Dto.Raffle.class);
            api.post("/api/raffles/" + second.id() + "/publish", null, Dto.Raffle.class);
            feed.start();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                                    .filter(e -> e.event().equals("RaffleChanged") && e.longOf("id") == second.id())
                                    .count()
                            >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp.get() >= 2);
            List<Long> ids = events.stream().map(FeedMessage::id).toList();
            assertThat(ids).doesNotHaveDuplicates().isSorted();
        } finally {
            feed.stop();
        }
    }

    @Test
    void csvDownloadWritesTheWholeFileOrNothing(@TempDir Path dir) throws Exception {
        ApiClient api = loggedIn();
        api.post("/api/raffles", spec("For the export"), Dto.Raffle.class);
        Path target = dir.resolve("accounts.csv");
        AtomicLong progress = new AtomicLong();
        long bytes = api.download("/api/ledger/accounts.csv", target, progress::set, () -> false);
        assertThat(bytes).isPositive().isEqualTo(Files.size(target)).isEqualTo(progress.get());
        assertThat(Files.readAllLines(target).getFirst()).isNotBlank();

        Path cancelled = dir.resolve("cancelled.csv");
        assertThatThrownBy(() -> api.download("/api/ledger/accounts.csv", cancelled, n -> {}, () -> true))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(cancelled).doesNotExist();
        assertThat(dir.resolve("cancelled.csv.part")).doesNotExist();
    }
}
