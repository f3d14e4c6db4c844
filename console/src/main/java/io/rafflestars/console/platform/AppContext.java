package io.rafflestars.console.platform;

import java.util.prefs.Preferences;

/**
 * The console's services, handed to every controller by {@link Views}'s controller factory.
 *
 * @param prefs where the console remembers the server address and theme
 * @param nav switches between the login and the main window
 */
public record AppContext(
        ApiClient api, FeedClient feed, FeedHub hub, Ui ui, StatusModel status, Preferences prefs, Navigator nav) {

    /** Switches between the login screen and the work screens. */
    public interface Navigator {
        void loggedIn(Session session);

        void loggedOut(String why);

        void toggleTheme();

        /** Opens the Raffles screen on raffle {@code id} (from a row elsewhere, e.g. a live transaction). */
        void openRaffle(long id);
    }
}
