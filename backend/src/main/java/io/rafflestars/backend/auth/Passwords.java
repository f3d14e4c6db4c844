package io.rafflestars.backend.auth;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.rafflestars.backend.platform.ApiException;
import java.util.regex.Pattern;

/**
 * Password hashes (password4j). New hashes are Argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane);
 * bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) and Argon2id PHC strings made elsewhere are accepted too, so an
 * operator can produce {@code ADMIN_PASSWORD_HASH} with {@code htpasswd} or the {@code argon2} tool.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final Pattern ARGON2ID_PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=[0-9]{1,8},t=[0-9]{1,4},p=[0-9]{1,3}\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{16,}");
    /** Checked against when the user name is unknown, so that answer takes as long as a wrong password. */
    private static final String DUMMY = hash("no user has this password, it only burns time");

    private Passwords() {}

    /** A new Argon2id PHC string for the password. */
    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Whether the hash is one we can check: bcrypt or Argon2id in their standard text forms. */
    public static boolean isSupportedHash(String hash) {
        return hash != null
                && (BCRYPT.matcher(hash).matches() || ARGON2ID_PHC.matcher(hash).matches());
    }

    /** Whether the password matches the stored hash (constant time in the hash comparison). */
    public static boolean matches(String password, String hash) {
        if (password == null || !isSupportedHash(hash)) {
            return false;
        }
        if (hash.startsWith("$argon2id$")) {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        }
        return Password.check(password, hash).with(BcryptFunction.getInstanceFromHash(hash));
    }

    /** Spends the time of one check without a user to check against. */
    static void burnOneCheck(String password) {
        matches(password == null ? "" : password, DUMMY);
    }

    /** Refuses a new password that is too short or too long, naming {@code field}. */
    static void requireAcceptable(String field, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ApiException.invalid(field, field + " must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw ApiException.invalid(field, field + " must be at most " + MAX_LENGTH + " characters");
        }
    }
}
