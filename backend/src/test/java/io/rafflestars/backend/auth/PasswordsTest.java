package io.rafflestars.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hashes made by other tools, as an operator would make ADMIN_PASSWORD_HASH, and our own. */
class PasswordsTest {
    private static final String PASSWORD = "correct horse battery";
    /** {@code htpasswd -bnBC 10 "" 'correct horse battery' | tr -d ':\n'} (apache2-utils). */
    private static final String HTPASSWD = "$2y$10$xBRR0joVersHPycmZO4jBOTJwI9zazhNJk5596cCgnkrJAbD2oXe.";
    /** {@code echo -n 'correct horse battery' | argon2 somesaltsalt16by -id -t 2 -m 15 -p 1 -e} (the reference CLI). */
    private static final String ARGON2_CLI =
            "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$O/SKc6tFVdVLyFYbrKg1GB/uG2SuC4WA9ZOwn0+Mx4k";

    @Test
    void bcryptInEveryPrefixFromHtpasswd() {
        for (String prefix : new String[] {"$2y$", "$2b$", "$2a$"}) {
            String hash = prefix + HTPASSWD.substring(4);
            assertThat(Passwords.isSupportedHash(hash)).as(prefix).isTrue();
            assertThat(Passwords.matches(PASSWORD, hash)).as(prefix).isTrue();
            assertThat(Passwords.matches(PASSWORD + "!", hash)).as(prefix).isFalse();
        }
    }

    @Test
    void argon2idFromTheReferenceTool() {
        assertThat(Passwords.isSupportedHash(ARGON2_CLI)).isTrue();
        assertThat(Passwords.matches(PASSWORD, ARGON2_CLI)).isTrue();
        assertThat(Passwords.matches("correct horse batterY", ARGON2_CLI)).isFalse();
    }

    @Test
    void ourHashesAreArgon2idSaltedAndVerify() {
        String a = Passwords.hash(PASSWORD);
        String b = Passwords.hash(PASSWORD);
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(Passwords.isSupportedHash(a)).isTrue();
        assertThat(Passwords.matches(PASSWORD, a)).isTrue();
        assertThat(Passwords.matches("wrong", a)).isFalse();
    }

    @Test
    void otherFormatsAreRefused() {
        for (String s : new String[] {
            "",
            "plain-password",
            "$argon2i$v=19$m=32768,t=2,p=1$c29tZXNhbHRzYWx0MTZieQ$O/SKc6tFVdVLyFYbrKg1GB/uG2SuC4WA9ZOwn0+Mx4k",
            "$1$abc$def",
            "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            HTPASSWD.substring(0, 40)
        }) {
            assertThat(Passwords.isSupportedHash(s)).as(s).isFalse();
            assertThat(Passwords.matches(PASSWORD, s)).as(s).isFalse();
        }
    }
}
