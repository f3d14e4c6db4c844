package io.rafflestars.console.raffles;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Dialogs;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Screen;
import io.rafflestars.console.raffles.RafflesViewModel.Action;
import java.time.ZoneId;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/** The raffles table, the editor (validation shown on the fields) and the selected raffle's details. */
public final class RafflesView implements Screen {
    private final RafflesViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML
    private TableView<Dto.Raffle> table;

    @FXML
    private ComboBox<String> state;

    @FXML
    private TextField query;

    @FXML
    private Label message;

    @FXML
    private GridPane form;

    @FXML
    private TextField title;

    @FXML
    private TextArea description;

    @FXML
    private TextField price;

    @FXML
    private TextField total;

    @FXML
    private TextField cap;

    @FXML
    private TextField minTickets;

    @FXML
    private TextField startsAt;

    @FXML
    private TextField endsAt;

    @FXML
    private ComboBox<String> drawMode;

    @FXML
    private TextField houseFee;

    @FXML
    private ComboBox<String> channel;

    @FXML
    private ComboBox<String> policy;

    @FXML
    private TextField prizes;

    @FXML
    private Button save;

    @FXML
    private Button publish;

    @FXML
    private Button pause;

    @FXML
    private Button resume;

    @FXML
    private Button close;

    @FXML
    private Button cancel;

    @FXML
    private Button draw;

    @FXML
    private Tab participantsTab;

    @FXML
    private Tab ticketsTab;

    @FXML
    private Tab proofTab;

    @FXML
    private TableView<Dto.Participant> participants;

    @FXML
    private TableView<Dto.TicketRow> tickets;

    @FXML
    private TextArea proof;

    @FXML
    private Label verifyResult;

    public RafflesView(AppContext ctx) {
        this.vm = new RafflesViewModel(ctx.api(), ctx.ui(), ZoneId.systemDefault());
        ctx.hub().subscribe(vm::onEvents);
        ctx.hub().onResync(vm::refresh);
    }

    public RafflesViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        Columns.id(table, "#", 45, Dto.Raffle::id);
        Columns.text(table, "Title", 150, Dto.Raffle::title);
        Columns.text(table, "State", 85, Dto.Raffle::state);
        Columns.stars(table, "Price", 70, r -> r.spec().ticketPrice());
        Columns.number(table, "Sold", 60, Dto.Raffle::ticketsSold);
        Columns.number(table, "Total", 65, r -> r.spec().totalTickets());
        Columns.time(table, "Ends", r -> r.spec().endsAt());
        table.setItems(vm.raffles());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() == null
                    || table.getSelectionModel().getSelectedItem().id() != b.id()) {
                table.getItems().stream()
                        .filter(r -> r.id() == b.id())
                        .findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
            reloadTab();
        });
        state.setItems(FXCollections.observableArrayList(
                null, "DRAFT", "SCHEDULED", "OPEN", "PAUSED", "CLOSED", "DRAWN", "SETTLED", "CANCELLED"));
        state.setPromptText("Any state");
        state.valueProperty().bindBidirectional(vm.stateFilterProperty());
        state.valueProperty().addListener((o, a, b) -> vm.refresh());
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setOnAction(e -> vm.refresh());
        message.textProperty().bind(vm.messageProperty());

        RaffleEditor ed = vm.editor();
        bind(title, ed.titleProperty(), "title");
        bind(description, ed.descriptionProperty(), "description");
        bind(price, ed.priceProperty(), "ticketPrice");
        bind(total, ed.totalProperty(), "totalTickets");
        bind(cap, ed.capProperty(), "perPlayerCap");
        bind(minTickets, ed.minTicketsProperty(), "minTickets");
        bind(startsAt, ed.startsAtProperty(), "startsAt");
        bind(endsAt, ed.endsAtProperty(), "endsAt");
        bind(houseFee, ed.houseFeeBpsProperty(), "houseFeeBps");
        bind(prizes, ed.prizesProperty(), "prizes");
        drawMode.setItems(FXCollections.observableArrayList("OPERATOR", "AUTOMATIC"));
        drawMode.valueProperty().bindBidirectional(ed.drawModeProperty());
        channel.setItems(FXCollections.observableArrayList("PRIZE_CREDIT", "TELEGRAM_GIFT", "OFF_PLATFORM"));
        channel.valueProperty().bindBidirectional(ed.prizeChannelProperty());
        policy.setItems(FXCollections.observableArrayList("ONE_PRIZE_PER_PLAYER", "ALLOW_REPEAT"));
        policy.valueProperty().bindBidirectional(ed.repeatPolicyProperty());
        form.disableProperty().bind(ed.editableProperty().not());
        save.disableProperty().bind(ed.editableProperty().not());
        // a server-side validation error re-runs the field validators so it shows on its field
        ed.serverFieldProperty().addListener((o, a, b) -> validation.revalidate());

        action(publish, Action.PUBLISH);
        action(pause, Action.PAUSE);
        action(resume, Action.RESUME);
        action(close, Action.CLOSE);
        action(cancel, Action.CANCEL);
        action(draw, Action.DRAW);

        Columns.id(participants, "Player", 110, Dto.Participant::playerId);
        Columns.text(
                participants,
                "Name",
                140,
                p -> p.firstName() == null ? "" : p.firstName() + (p.username() == null ? "" : " @" + p.username()));
        Columns.number(participants, "Tickets", 80, Dto.Participant::tickets);
        Columns.number(participants, "Voided", 70, Dto.Participant::voidedTickets);
        Columns.stars(participants, "Paid", 100, Dto.Participant::starsPaid);
        participants.setItems(vm.participants());
        Columns.number(tickets, "Ticket", 80, Dto.TicketRow::number);
        Columns.id(tickets, "Player", 110, Dto.TicketRow::playerId);
        Columns.id(tickets, "Payment", 90, t -> t.paymentId());
        Columns.time(tickets, "Bought", Dto.TicketRow::createdAt);
        Columns.time(tickets, "Voided", Dto.TicketRow::voidedAt);
        tickets.setItems(vm.tickets());
        proof.textProperty().bind(vm.proofTextProperty());
        verifyResult.textProperty().bind(vm.verifyResultProperty());
        table.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators()
                        .put(
                                new javafx.scene.input.KeyCodeCombination(
                                        javafx.scene.input.KeyCode.N, javafx.scene.input.KeyCombination.SHORTCUT_DOWN),
                                () -> {
                                    if (table.getScene() != null) {
                                        onNew(); // only while the Raffles screen is the one shown
                                    }
                                });
            }
        });
        participantsTab.setOnSelectionChanged(e -> reloadTab());
        ticketsTab.setOnSelectionChanged(e -> reloadTab());
        proofTab.setOnSelectionChanged(e -> reloadTab());
    }

    private void reloadTab() {
        if (participantsTab.isSelected()) {
            vm.loadParticipants();
        } else if (ticketsTab.isSelected()) {
            vm.loadTickets();
        } else if (proofTab.isSelected()) {
            vm.loadProof();
        }
    }

    private void bind(TextInputControl field, StringProperty property, String name) {
        field.textProperty().bindBidirectional(property);
        field.textProperty().addListener((o, a, b) -> {
            if (name.equals(vm.editor().serverFieldProperty().get())) {
                vm.editor().clearServerError();
            }
        });
        validation.registerValidator(field, false, (Control c, String v) -> {
            String problem = vm.editor().problem(name);
            return ValidationResult.fromErrorIf(c, problem, problem != null);
        });
    }

    private void action(Button b, Action a) {
        b.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.allowed(a), vm.selectedProperty()));
        b.setOnAction(e -> vm.prepare(a, text -> {
            String label = b.getText();
            if (a == Action.CANCEL) {
                Dialogs.reason(b, "Cancel raffle", text, "Reason (shown in the audit log):")
                        .ifPresent(reason -> vm.perform(a, reason));
            } else if (Dialogs.confirm(b, label + " raffle", text, label)) {
                vm.perform(a, null);
            }
        }));
    }

    @FXML
    private void onNew() {
        vm.newRaffle();
        title.requestFocus();
    }

    @FXML
    private void onSave() {
        validation.revalidate();
        vm.save(r -> {});
    }

    @FXML
    private void onVerify() {
        vm.verify();
    }

    @FXML
    private void onSearch() {
        vm.refresh();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
