package io.rafflestars.console.users;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.Ui;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Console users (ADMIN): create, disable or enable, reset password, set roles. */
public final class UsersViewModel {
    public static final List<String> ROLES = List.of("ADMIN", "OPERATOR", "FINANCE", "AUDITOR");

    private final ApiClient api;
    private final Ui ui;
    private final ObservableList<Dto.User> users = FXCollections.observableArrayList();
    private final ObjectProperty<Dto.User> selected = new SimpleObjectProperty<>();
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final Map<String, BooleanProperty> roles = Map.of(
            "ADMIN", new SimpleBooleanProperty(),
            "OPERATOR", new SimpleBooleanProperty(),
            "FINANCE", new SimpleBooleanProperty(),
            "AUDITOR", new SimpleBooleanProperty());
    private final StringProperty message = new SimpleStringProperty("");

    public UsersViewModel(ApiClient api, Ui ui) {
        this.api = api;
        this.ui = ui;
        selected.addListener((o, a, u) -> {
            if (u != null) {
                ROLES.forEach(r -> roles.get(r).set(u.roles().contains(r)));
            }
        });
    }

    public void refresh() {
        ui.run(
                () -> api.get("/api/users", new TypeReference<List<Dto.User>>() {}),
                users::setAll,
                e -> message.set(Errors.describe(e)));
    }

    List<String> checkedRoles() {
        List<String> out = new ArrayList<>();
        ROLES.forEach(r -> {
            if (roles.get(r).get()) {
                out.add(r);
            }
        });
        return out;
    }

    /** Creates a user with the name, password and ticked roles. */
    public void create() {
        String name = newName.get().strip();
        String password = newPassword.get();
        List<String> rs = checkedRoles();
        if (name.isEmpty() || password.length() < 12 || rs.isEmpty()) {
            message.set("A new user needs a name, a password of at least 12 characters and at least one role");
            return;
        }
        act(
                () -> api.post(
                        "/api/users", Map.of("username", name, "password", password, "roles", rs), Dto.User.class),
                u -> {
                    newName.set("");
                    newPassword.set("");
                    return "Created " + u.username() + " with " + u.roles();
                });
    }

    public void setEnabled(boolean enabled) {
        Dto.User u = selected.get();
        if (u != null) {
            act(
                    () -> api.post(
                            "/api/users/" + u.username() + (enabled ? "/enable" : "/disable"), null, Dto.User.class),
                    x -> x.username() + (x.enabled() ? " enabled" : " disabled: their sessions ended"));
        }
    }

    public void resetPassword(String password) {
        Dto.User u = selected.get();
        if (u != null) {
            act(
                    () -> api.post(
                            "/api/users/" + u.username() + "/password", Map.of("password", password), Dto.User.class),
                    x -> "Password of " + x.username() + " reset: their sessions ended");
        }
    }

    public void saveRoles() {
        Dto.User u = selected.get();
        if (u != null) {
            List<String> rs = checkedRoles();
            act(
                    () -> api.put(
                            "/api/users/" + u.username() + "/roles", Map.of("roles", rs), Dto.User.class, Map.of()),
                    x -> x.username() + " now holds " + x.roles());
        }
    }

    private void act(Callable<Dto.User> call, java.util.function.Function<Dto.User, String> said) {
        ui.run(
                call,
                u -> {
                    message.set(said.apply(u));
                    refresh();
                },
                e -> message.set(Errors.describe(e)));
    }

    public ObservableList<Dto.User> users() {
        return users;
    }

    public ObjectProperty<Dto.User> selectedProperty() {
        return selected;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public BooleanProperty roleProperty(String role) {
        return roles.get(role);
    }

    public StringProperty messageProperty() {
        return message;
    }
}
