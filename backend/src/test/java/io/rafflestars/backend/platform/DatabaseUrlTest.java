package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @Test
    void railwayFormBecomesJdbcWithCredentialsApart() {
        DatabaseUrl url = DatabaseUrl.parse(
                "DATABASE_URL", "postgresql://postgres:s3cret@containers-us-west-1.railway.app:7432/railway");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://containers-us-west-1.railway.app:7432/railway");
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void herokuSchemeMissingPortAndQueryOptions() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@db.example.com/app?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app?sslmode=require");
    }

    @ParameterizedTest(name = "password {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "postgresql://u:p%40ss%3Aw%2Frd%3F%23@h:5432/db | p@ss:w/rd?#",
                "postgresql://u:p@ss@h:5432/db | p@ss",
                "postgresql://u:a:b:c@h/db | a:b:c",
                "postgresql://u:pl+us%20sp@h/db | pl+us sp",
                "postgresql://u:%E2%82%AC%F0%9F%8E%B2@h/db | €🎲",
                "postgresql://u:пароль@h/db | пароль",
                "postgresql://u:%25@h/db | %",
                "postgresql://u:@h/db | ''",
            })
    void nastyPasswordsSurvive(String input, String expected) {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", input);
        assertThat(url.password()).isEqualTo(expected);
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.jdbcUrl()).doesNotContain(expected.isEmpty() ? "\u0000" : expected);
    }

    @Test
    void encodedUserNameAndDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://us%40er:x@h:6543/my%20db");
        assertThat(url.user()).isEqualTo("us@er");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6543/my%20db");
    }

    @Test
    void ipv6Host() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@[::1]:5433/db");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @Test
    void noCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://localhost/db");
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
    }

    @Test
    void jdbcFormPassesThrough() {
        String jdbc = "jdbc:postgresql://localhost:5432/db?user=a&password=b";
        assertThat(DatabaseUrl.parse("DATABASE_URL", jdbc).jdbcUrl()).isEqualTo(jdbc);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mysql://u:p@h/db | has scheme 'mysql'",
                "localhost:5432/db | must look like",
                "postgresql://u:p@h:99999/db | outside 1..65535",
                "postgresql://u:p@h:abc/db | port that is not a number",
                "postgresql://u:p@h:5432 | names no database",
                "postgresql://u:p@h:5432/ | names no database",
                "postgresql://u:p%zz@h/db | broken %-escape in its password",
                "postgresql://u:p@/db | names no host",
                "postgresql://u:p@[::1/db | IPv6",
            })
    void badValuesFailWithOneLineNamingTheVariable(String input, String problem) {
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", input))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("DATABASE_URL ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("zz@");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(DatabaseUrl.parse("X", "postgresql://u:hunter2@h/db").toString())
                .doesNotContain("hunter2");
    }

    @Test
    void withDatabaseKeepsServerAndOptions() {
        DatabaseUrl url = DatabaseUrl.parse("X", "postgresql://u:p@h:1234/one?sslmode=disable");
        assertThat(url.withDatabase("two").jdbcUrl()).isEqualTo("jdbc:postgresql://h:1234/two?sslmode=disable");
        assertThat(url.withDatabase("two").password()).isEqualTo("p");
    }
}
