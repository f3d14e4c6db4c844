package io.rafflestars.backend.audit;

/**
 * Who did something and from where, as the audit log records it. {@code name} is a console user name, or a prefixed
 * name for what is not a person: {@code system:<job>} for background jobs, {@code telegram:<user id>} for a player
 * acting through Telegram. {@code source} is the client address when the action came over HTTP, else null.
 */
public record Actor(String name, String source) {
    public Actor {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("an actor has a name of 1 to 200 characters: " + name);
        }
        if (source != null && source.length() > 200) {
            throw new IllegalArgumentException("source too long");
        }
    }

    /** A console user acting from {@code address}. */
    public static Actor user(String username, String address) {
        return new Actor(username, address);
    }

    /** A background job of the backend itself. */
    public static Actor system(String job) {
        return new Actor("system:" + job, null);
    }

    /** A player acting through the bot or the Mini App. */
    public static Actor telegram(long userId) {
        return new Actor("telegram:" + userId, null);
    }

    /** Whether this is a background job rather than a person. */
    public boolean isSystem() {
        return name.startsWith("system:");
    }
}
