package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.logging.common.HelidonMdc;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogsTest {

    @Test
    void jsonLinesCarryTheRequestIdAndSecretsAreMaskedWhateverWroteThem() throws Exception {
        Logs.redact(List.of("s3cret-value-42", "sh0rt"));
        LogRecord record = new LogRecord(Level.WARNING, "calling {0} failed");
        record.setLoggerName("some.library");
        record.setParameters(new Object[] {"https://api.telegram.org/bot1:s3cret-value-42/getMe"});
        record.setThrown(new IllegalStateException("token s3cret-value-42 refused"));
        HelidonMdc.set(RequestIds.MDC_KEY, "req-1");
        String line;
        try {
            line = new Logs.Redacting(new Logs.JsonFormatter()).format(record);
        } finally {
            HelidonMdc.remove(RequestIds.MDC_KEY);
        }
        assertThat(line).doesNotContain("s3cret-value-42").endsWith(System.lineSeparator());
        JsonNode json = Json.mapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("logger").asText()).isEqualTo("some.library");
        assertThat(json.path("requestId").asText()).isEqualTo("req-1");
        assertThat(json.path("message").asText()).isEqualTo("calling https://api.telegram.org/bot1:***/getMe failed");
        assertThat(json.path("error").asText()).contains("token *** refused").contains("at ");
        // values shorter than six characters would mask ordinary words: they are not registered
        assertThat(Logs.mask("a sh0rt word")).isEqualTo("a sh0rt word");
    }
}
