package io.rafflestars.console.platform;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;

/** Confirmations that say what will happen, with the action's own name on the button. */
public final class Dialogs {
    private Dialogs() {}

    /** True when the user pressed {@code action}. */
    public static boolean confirm(Node owner, String title, String consequence, String action) {
        ButtonType go = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, consequence, go, ButtonType.CANCEL);
        a.setTitle(title);
        a.setHeaderText(title);
        if (owner != null && owner.getScene() != null) {
            a.initOwner(owner.getScene().getWindow());
        }
        a.getDialogPane().setId("confirm-dialog");
        a.getDialogPane().lookupButton(go).setId("confirm-ok");
        a.getDialogPane().setMinWidth(480);
        return a.showAndWait().filter(go::equals).isPresent();
    }

    /** Asks for a required reason (a rejection, a cancellation); empty when the user backs out. */
    public static Optional<String> reason(Node owner, String title, String consequence, String prompt) {
        TextInputDialog d = new TextInputDialog();
        d.setTitle(title);
        d.setHeaderText(consequence);
        d.setContentText(prompt);
        if (owner != null && owner.getScene() != null) {
            d.initOwner(owner.getScene().getWindow());
        }
        d.getDialogPane().setId("reason-dialog");
        d.getEditor().setId("reason-text");
        d.getDialogPane().lookupButton(ButtonType.OK).setId("confirm-ok");
        d.getDialogPane()
                .lookupButton(ButtonType.OK)
                .disableProperty()
                .bind(d.getEditor().textProperty().isEmpty());
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }
}
