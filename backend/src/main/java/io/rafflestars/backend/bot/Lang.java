package io.rafflestars.backend.bot;

/** The languages the bot speaks, chosen from Telegram's {@code language_code}; English when unknown. */
public enum Lang {
    EN,
    RU;

    public static Lang of(String languageCode) {
        if (languageCode == null) {
            return EN;
        }
        String c = languageCode.toLowerCase(java.util.Locale.ROOT);
        // Russian, and languages whose speakers commonly read Russian-language bots
        return c.startsWith("ru") || c.startsWith("uk") || c.startsWith("be") || c.startsWith("kk") ? RU : EN;
    }
}
