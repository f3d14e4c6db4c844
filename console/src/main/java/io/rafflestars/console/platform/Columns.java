package io.rafflestars.console.platform;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Table columns over records: text, whole numbers right-aligned with separators, Stars. */
public final class Columns {
    private Columns() {}

    public static <R> TableColumn<R, String> text(
            TableView<R> table, String title, double width, Function<R, ?> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> {
            Object v = value.apply(f.getValue());
            return new ReadOnlyObjectWrapper<>(v == null ? "" : v.toString());
        });
        c.setPrefWidth(width);
        table.getColumns().add(c);
        return c;
    }

    /** An identifier: right-aligned, without thousands separators. */
    public static <R> TableColumn<R, Number> id(
            TableView<R> table, String title, double width, Function<R, Number> value) {
        return numeric(table, title, width, value, n -> Long.toString(n.longValue()));
    }

    private static void dense(TableView<?> table) {
        if (!table.getStyleClass().contains("dense")) {
            table.getStyleClass().addAll("dense", "striped");
        }
    }

    public static <R> TableColumn<R, Number> number(
            TableView<R> table, String title, double width, Function<R, Number> value) {
        return numeric(table, title, width, value, n -> Fmt.count(n.longValue()));
    }

    public static <R> TableColumn<R, Number> stars(
            TableView<R> table, String title, double width, Function<R, Number> value) {
        return numeric(table, title, width, value, n -> Fmt.stars(n.longValue()));
    }

    private static <R> TableColumn<R, Number> numeric(
            TableView<R> table, String title, double width, Function<R, Number> value, Function<Number, String> fmt) {
        dense(table);
        TableColumn<R, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : fmt.apply(item));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        c.setPrefWidth(width);
        table.getColumns().add(c);
        return c;
    }

    public static <R> TableColumn<R, String> time(
            TableView<R> table, String title, Function<R, java.time.Instant> value) {
        return text(table, title, 170, r -> Fmt.time(value.apply(r)));
    }
}
