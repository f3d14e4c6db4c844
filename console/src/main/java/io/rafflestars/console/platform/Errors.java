package io.rafflestars.console.platform;

/** What a failed call says to the user. */
public final class Errors {
    private Errors() {}

    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof ApiException)) {
            t = t.getCause();
        }
        if (t instanceof ApiException a) {
            return switch (a.code()) {
                case "FORBIDDEN" -> "Your roles do not allow this: " + a.getMessage();
                case "FOUR_EYES_VIOLATION" -> "Four eyes: " + a.getMessage();
                default -> a.getMessage();
            };
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
