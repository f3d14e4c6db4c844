package io.rafflestars.backend.auth;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.ErrorCode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Console users: the first administrator, demo users, and what ADMINs do to accounts. Every change is audited in its
 * own transaction ({@code user.*} actions) without the password or its hash. Changes that must end a user's tokens
 * (password, disable, roles) bump the user's token version, and all but role changes also revoke their sessions.
 */
public final class Users {
    /** 3–64 of lower-case letters, digits, '.', '_', '-', starting with a letter or digit; never a ':'. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    /** Names the audit log uses for what is not a console user. */
    private static final Set<String> RESERVED = Set.of("anonymous", "system", "telegram");

    private final Transactions tx;
    private final AuditLog audit;

    public Users(Transactions tx, AuditLog audit) {
        this.tx = tx;
        this.audit = audit;
    }

    /** A console user as the API shows it: never the hash. */
    public record UserView(
            String username,
            List<Role> roles,
            boolean enabled,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Instant passwordChangedAt) {}

    /** What the audit log keeps about a user. */
    record Audited(String username, List<Role> roles, boolean enabled) {}

    /** A stored user, hash included: stays inside this package. */
    record Stored(long id, UserView view, String passwordHash, long tokenVersion) {
        Audited audited() {
            return new Audited(view.username(), view.roles(), view.enabled());
        }

        Set<Role> roles() {
            return EnumSet.copyOf(view.roles());
        }
    }

    /** The name as stored: trimmed and lower-cased (user names are case-insensitive). */
    public static String normalise(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Refuses a name that cannot be a new user's, naming {@code field}. */
    static String requireValidName(String field, String username) {
        String name = normalise(username);
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(field, field + " is required");
        }
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.invalid(
                    field, field + " must be 3-64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        if (RESERVED.contains(name)) {
            throw ApiException.invalid(field, field + " '" + name + "' is reserved");
        }
        return name;
    }

    /** Refuses an empty or unknown role list, naming {@code field}. */
    static Set<Role> requireRoles(String field, Collection<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ApiException.invalid(field, field + " needs at least one of " + Arrays.toString(Role.values()));
        }
        Set<Role> set = EnumSet.noneOf(Role.class);
        for (String r : roles) {
            try {
                set.add(Role.valueOf(r));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw ApiException.invalid(
                        field, field + " contains '" + r + "'; roles are " + Arrays.toString(Role.values()));
            }
        }
        return set;
    }

    /** The roles column of a row that selected {@code array_to_string(roles, ',') AS roles}. */
    static Set<Role> roles(DbRow r) {
        return Arrays.stream(Rows.string(r, "roles").split(","))
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    static String rolesText(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    static Stored map(DbRow r) {
        return new Stored(
                Rows.getLong(r, "id"),
                new UserView(
                        Rows.string(r, "username"),
                        List.copyOf(roles(r)),
                        Rows.bool(r, "enabled"),
                        Rows.string(r, "created_by"),
                        Rows.instant(r, "created_at"),
                        Rows.instant(r, "updated_at"),
                        Rows.instant(r, "password_changed_at")),
                Rows.string(r, "password_hash"),
                Rows.getLong(r, "token_version"));
    }

    static Optional<Stored> find(DbTransaction t, String username, boolean lock) {
        return t.namedGet(lock ? "user-by-name-lock" : "user-by-name", normalise(username))
                .map(Users::map);
    }

    private static Stored require(DbTransaction t, String username) {
        return find(t, username, true).orElseThrow(() -> ApiException.notFound("No console user '" + username + "'"));
    }

    public List<UserView> list() {
        return tx.run(t -> {
            try (var rows = t.namedQuery("user-list")) {
                return rows.map(r -> map(r).view()).toList();
            }
        });
    }

    public UserView get(String username) {
        return tx.run(t -> find(t, username, false)
                .orElseThrow(() -> ApiException.notFound("No console user '" + username + "'"))
                .view());
    }

    /** Creates a user with a password; CONFLICT when the name is taken. */
    public UserView create(String username, String password, Collection<String> roles, Actor actor) {
        String name = requireValidName("username", username);
        Passwords.requireAcceptable("password", password);
        Set<Role> set = requireRoles("roles", roles);
        String hash = Passwords.hash(password);
        return tx.run(t -> {
            Stored created = insert(t, name, hash, set, actor)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.CONFLICT, "A console user named '" + name + "' already exists", "username"));
            return created.view();
        });
    }

    private Optional<Stored> insert(DbTransaction t, String name, String hash, Set<Role> roles, Actor actor) {
        boolean inserted = t.namedGet("user-insert", name, hash, rolesText(roles), actor.name())
                .isPresent();
        if (!inserted) {
            return Optional.empty();
        }
        Stored s = find(t, name, false).orElseThrow();
        audit.append(t, AuditEntry.of(actor, "user.create", "user", name, null, s.audited()));
        return Optional.of(s);
    }

    /**
     * Creates the first administrator from a hash made outside ({@code ADMIN_PASSWORD_HASH}) unless a user of that
     * name exists; an existing user is left as it is (its password may have been changed since). Returns whether it
     * was created.
     */
    public boolean bootstrapAdmin(String username, String passwordHash) {
        if (!Passwords.isSupportedHash(passwordHash)) {
            throw new IllegalArgumentException("not a bcrypt or Argon2id hash");
        }
        String name = requireValidName("ADMIN_USERNAME", username);
        return tx.run(t -> insert(t, name, passwordHash, EnumSet.of(Role.ADMIN), Actor.system("bootstrap"))
                .isPresent());
    }

    /** Whether any enabled user holds ADMIN. */
    public boolean anyAdmin() {
        return tx.run(t -> {
            try (var rows = t.namedQuery("user-list")) {
                return rows.map(Users::map)
                        .anyMatch(s -> s.view().enabled() && s.roles().contains(Role.ADMIN));
            }
        });
    }

    /** A demo account and the password it has for this run. */
    public record DemoAccount(String username, String password, Set<Role> roles) {}

    /**
     * Demo mode: makes sure the demo account exists, enabled, with these roles and a fresh random password for this
     * run (printed by the run command), and ends its old sessions.
     */
    public DemoAccount ensureDemoAccount(String username, Set<Role> roles) {
        Actor actor = Actor.system("demo");
        String password = randomPassword();
        String hash = Passwords.hash(password);
        tx.execute(t -> {
            Optional<Stored> existing = find(t, username, true);
            if (existing.isEmpty()) {
                insert(t, username, hash, roles, actor);
                return;
            }
            Stored s = existing.get();
            t.namedUpdate("user-set-password", hash, s.id());
            t.namedUpdate("user-set-roles", rolesText(roles), s.id());
            t.namedUpdate("user-set-enabled", true, s.id());
            t.namedUpdate("session-revoke-user", "PASSWORD_CHANGED", s.id());
            changed(t, s, "user.reset_password", actor);
        });
        return new DemoAccount(username, password, roles);
    }

    private static String randomPassword() {
        // 15 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 88 bits.
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Disables or enables a user; disabling ends their sessions. Nobody disables themselves or the last ADMIN. */
    public UserView setEnabled(String username, boolean enabled, ConsoleUser by, Actor actor) {
        return tx.run(t -> {
            lockAdmins(t);
            Stored s = require(t, username);
            if (!enabled && s.view().username().equals(by.username())) {
                throw new ApiException(ErrorCode.CONFLICT, "You cannot disable your own account");
            }
            if (s.view().enabled() == enabled) {
                return s.view();
            }
            if (!enabled && s.roles().contains(Role.ADMIN)) {
                requireAnotherAdmin(t, s);
            }
            t.namedUpdate("user-set-enabled", enabled, s.id());
            if (!enabled) {
                t.namedUpdate("session-revoke-user", "USER_DISABLED", s.id());
            }
            return changed(t, s, enabled ? "user.enable" : "user.disable", actor);
        });
    }

    /** Sets a new password for someone else (ADMIN); their sessions end. */
    public UserView resetPassword(String username, String password, Actor actor) {
        Passwords.requireAcceptable("password", password);
        String hash = Passwords.hash(password);
        return tx.run(t -> {
            Stored s = require(t, username);
            t.namedUpdate("user-set-password", hash, s.id());
            t.namedUpdate("session-revoke-user", "PASSWORD_CHANGED", s.id());
            return changed(t, s, "user.reset_password", actor);
        });
    }

    /** Replaces a user's roles; their access tokens end (a refresh gives them tokens with the new roles). */
    public UserView setRoles(String username, Collection<String> roles, Actor actor) {
        Set<Role> set = requireRoles("roles", roles);
        return tx.run(t -> {
            lockAdmins(t);
            Stored s = require(t, username);
            if (s.roles().equals(set)) {
                return s.view();
            }
            if (s.roles().contains(Role.ADMIN)
                    && !set.contains(Role.ADMIN)
                    && s.view().enabled()) {
                requireAnotherAdmin(t, s);
            }
            t.namedUpdate("user-set-roles", rolesText(set), s.id());
            return changed(t, s, "user.set_roles", actor);
        });
    }

    /**
     * A user changes their own password, proving the current one. Every session of theirs ends, this one included:
     * the client logs in again with the new password.
     */
    public void changeOwnPassword(ConsoleUser me, String current, String replacement, Actor actor) {
        Passwords.requireAcceptable("newPassword", replacement);
        Stored before = tx.run(t -> require(t, me.username()));
        if (!Passwords.matches(current, before.passwordHash())) {
            throw ApiException.invalid("currentPassword", "currentPassword is not your current password");
        }
        if (current.equals(replacement)) {
            throw ApiException.invalid("newPassword", "newPassword must differ from the current password");
        }
        String hash = Passwords.hash(replacement);
        tx.execute(t -> {
            Stored s = require(t, me.username());
            if (!s.passwordHash().equals(before.passwordHash())) {
                throw new ApiException(ErrorCode.CONFLICT, "Your password was changed meanwhile; log in again");
            }
            t.namedUpdate("user-set-password", hash, s.id());
            t.namedUpdate("session-revoke-user", "PASSWORD_CHANGED", s.id());
            changed(t, s, "user.change_password", actor);
        });
    }

    private UserView changed(DbTransaction t, Stored before, String action, Actor actor) {
        Stored after = find(t, before.view().username(), false).orElseThrow();
        audit.append(
                t, AuditEntry.of(actor, action, "user", before.view().username(), before.audited(), after.audited()));
        return after.view();
    }

    private static void lockAdmins(DbTransaction t) {
        try (var rows = t.namedQuery("user-admins-lock")) {
            rows.forEach(r -> {});
        }
    }

    private static void requireAnotherAdmin(DbTransaction t, Stored leaving) {
        long others;
        try (var rows = t.namedQuery("user-admins-lock")) {
            others = rows.filter(r -> Rows.getLong(r, "id") != leaving.id()).count();
        }
        if (others == 0) {
            throw new ApiException(
                    ErrorCode.LAST_ADMIN,
                    "'" + leaving.view().username() + "' is the last enabled ADMIN; make someone else ADMIN first");
        }
    }
}
