package io.rafflestars.console.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads FXML views with constructor injection: every controller has a constructor taking the {@link AppContext}, so a
 * controller builds its view-model from the services and nothing is looked up globally.
 */
public final class Views {
    private Views() {}

    /** A loaded view: its root and its controller. */
    public record Loaded<C>(Parent root, C controller) {}

    public static <C> Loaded<C> load(Class<C> controller, String fxml, AppContext ctx) {
        URL url = controller.getResource(fxml);
        if (url == null) {
            throw new IllegalStateException("no view " + fxml + " beside " + controller.getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(type -> {
            try {
                return type.getConstructor(AppContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                try {
                    return type.getConstructor().newInstance();
                } catch (ReflectiveOperationException e2) {
                    throw new IllegalStateException("cannot make " + type, e2);
                }
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot make " + type + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make " + type, e);
            }
        });
        try {
            Parent root = loader.load();
            return new Loaded<>(root, controller.cast(loader.getController()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }
}
