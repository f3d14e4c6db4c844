package io.rafflestars.console.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedClientBackoffTest {
    @Test
    void backoffDoublesFromAQuarterSecondToFifteenSecondsWithJitter() {
        assertThat(FeedClient.backoffMillis(1, 1.0)).isEqualTo(250);
        assertThat(FeedClient.backoffMillis(2, 1.0)).isEqualTo(500);
        assertThat(FeedClient.backoffMillis(5, 1.0)).isEqualTo(4000);
        assertThat(FeedClient.backoffMillis(30, 1.0)).isEqualTo(15_000);
        assertThat(FeedClient.backoffMillis(30, 0.0)).isEqualTo(7_500);
    }

    @Test
    void serverAddressesAreNormalised() {
        assertThat(ApiClient.normalise("localhost:8080/").toString()).isEqualTo("http://localhost:8080");
        assertThat(ApiClient.normalise(" https://r.example.com ").toString()).isEqualTo("https://r.example.com");
        ApiClient api = ApiClient.create();
        api.server("https://r.example.com");
        assertThat(api.feedUri().toString()).isEqualTo("wss://r.example.com/ws/console");
        assertThat(ApiClient.query("state", "OPEN,PAUSED", "q", " ", "limit", 5))
                .isEqualTo("?state=OPEN%2CPAUSED&limit=5");
    }
}
