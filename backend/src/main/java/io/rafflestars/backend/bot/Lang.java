package io.rafflestars.backend.bot;

import java.util.regex.Pattern;

/** The languages the bot speaks, chosen from Telegram's {@code language_code}; English when unknown. */
public enum Lang {
    EN,
    RU;

    /**
     * Language codes answered in Russian: Russian, and languages whose speakers commonly read Russian-language bots.
     * Also the SQL that picks an announcement's text per player matches it (case-insensitive), so both agree.
     */
    public static final String RU_CODES = "^(ru|uk|be|kk)";

    private static final Pattern RU_PATTERN = Pattern.compile(RU_CODES, Pattern.CASE_INSENSITIVE);

    public static Lang of(String languageCode) {
        return languageCode != null && RU_PATTERN.matcher(languageCode).find() ? RU : EN;
    }

    /** The code clients use for it, e.g. {@code "ru"}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
