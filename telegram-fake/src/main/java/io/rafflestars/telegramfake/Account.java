package io.rafflestars.telegramfake;

/** A Telegram user as the fake knows it: the bot itself or a simulated player. */
record Account(long id, boolean bot, String firstName, String username, String languageCode) {}
