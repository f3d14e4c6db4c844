package io.rafflestars.console.platform;

/** A work screen of the console: shown in the main window, refreshed on demand (F5) and when first shown. */
public interface Screen {
    /** Reads the screen's data again from the server. */
    void refresh();
}
