package io.rafflestars.backend.telegram;

/** The Telegram user behind an update. {@code languageCode} may be null (Telegram omits it sometimes). */
public record TelegramUser(long id, String firstName, String username, String languageCode) {}
