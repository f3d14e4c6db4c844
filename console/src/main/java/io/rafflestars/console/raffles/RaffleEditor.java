package io.rafflestars.console.raffles;

import io.rafflestars.console.platform.Dto;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The raffle form: text properties the fields bind to, the same rules the backend applies (so mistakes show on the
 * field before anything is sent), and the conversion to the API's {@code RaffleSpec}. Prizes are written as {@code 1:
 * 70%, 2: 20%} (shares of the pot after the house fee) or {@code 1: 500} (fixed Stars).
 */
public final class RaffleEditor {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final ObjectProperty<Long> id = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> version = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty price = new SimpleStringProperty("10");
    private final StringProperty total = new SimpleStringProperty("100");
    private final StringProperty cap = new SimpleStringProperty("10");
    private final StringProperty minTickets = new SimpleStringProperty("");
    private final StringProperty startsAt = new SimpleStringProperty("");
    private final StringProperty endsAt = new SimpleStringProperty("");
    private final StringProperty drawMode = new SimpleStringProperty("OPERATOR");
    private final StringProperty houseFeeBps = new SimpleStringProperty("1000");
    private final StringProperty prizeChannel = new SimpleStringProperty("PRIZE_CREDIT");
    private final StringProperty repeatPolicy = new SimpleStringProperty("ONE_PRIZE_PER_PLAYER");
    private final StringProperty prizes = new SimpleStringProperty("1: 100%");
    private final BooleanProperty editable = new SimpleBooleanProperty(true);
    private final StringProperty serverField = new SimpleStringProperty();
    private final StringProperty serverMessage = new SimpleStringProperty();

    public RaffleEditor(ZoneId zone) {
        this.zone = zone;
        blank(Instant.now());
    }

    /** An empty form for a new raffle starting now and ending in a day. */
    public void blank(Instant now) {
        id.set(null);
        version.set(null);
        title.set("");
        description.set("");
        price.set("10");
        total.set("100");
        cap.set("10");
        minTickets.set("");
        Instant start = now.truncatedTo(ChronoUnit.MINUTES);
        startsAt.set(format(start));
        endsAt.set(format(start.plus(1, ChronoUnit.DAYS)));
        drawMode.set("OPERATOR");
        houseFeeBps.set("1000");
        prizeChannel.set("PRIZE_CREDIT");
        repeatPolicy.set("ONE_PRIZE_PER_PLAYER");
        prizes.set("1: 100%");
        editable.set(true);
        clearServerError();
    }

    /** The form showing {@code r}; editable only while the backend allows edits (DRAFT, SCHEDULED). */
    public void load(Dto.Raffle r) {
        Dto.RaffleSpec s = r.spec();
        id.set(r.id());
        version.set(r.version());
        title.set(s.title());
        description.set(s.description());
        price.set(Long.toString(s.ticketPrice()));
        total.set(Integer.toString(s.totalTickets()));
        cap.set(Integer.toString(s.perPlayerCap()));
        minTickets.set(s.minTickets() == null ? "" : s.minTickets().toString());
        startsAt.set(format(s.startsAt()));
        endsAt.set(format(s.endsAt()));
        drawMode.set(s.drawMode());
        houseFeeBps.set(Integer.toString(s.houseFeeBps()));
        prizeChannel.set(s.prizeChannel());
        repeatPolicy.set(s.repeatWinnerPolicy());
        prizes.set(formatPrizes(s.prizes()));
        editable.set("DRAFT".equals(r.state()) || "SCHEDULED".equals(r.state()));
        clearServerError();
    }

    String format(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    static String formatPrizes(List<Dto.Prize> list) {
        List<String> parts = new ArrayList<>();
        for (Dto.Prize p : list) {
            if (p.shareBps() != null) {
                parts.add(p.place() + ": "
                        + BigDecimal.valueOf(p.shareBps(), 2)
                                .stripTrailingZeros()
                                .toPlainString() + "%");
            } else {
                parts.add(p.place() + ": " + p.fixedAmount());
            }
        }
        return String.join(", ", parts);
    }

    /** Every field's problem (field name → sentence); empty when the form can be sent. */
    public Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : List.of(
                "title",
                "description",
                "ticketPrice",
                "totalTickets",
                "perPlayerCap",
                "minTickets",
                "startsAt",
                "endsAt",
                "houseFeeBps",
                "prizes")) {
            String p = problem(f);
            if (p != null) {
                out.put(f, p);
            }
        }
        return out;
    }

    /** The problem with one field, or null. Field names are the API's, so server errors land on the same field. */
    public String problem(String field) {
        if (field.equals(serverField.get()) && serverMessage.get() != null) {
            return serverMessage.get();
        }
        return switch (field) {
            case "title" -> length(title.get(), 32, "Title");
            case "description" -> length(description.get(), 255, "Description");
            case "ticketPrice" -> range(price.get(), 1, 10_000, "Ticket price (whole Stars)");
            case "totalTickets" -> range(total.get(), 1, 10_000_000, "Total tickets");
            case "perPlayerCap" -> {
                String p = range(cap.get(), 1, 10_000_000, "Per-player cap");
                if (p == null
                        && range(total.get(), 1, 10_000_000, "") == null
                        && Long.parseLong(cap.get().strip())
                                > Long.parseLong(total.get().strip())) {
                    p = "Per-player cap cannot exceed the total tickets";
                }
                yield p;
            }
            case "minTickets" -> {
                if (minTickets.get() == null || minTickets.get().isBlank()) {
                    yield null;
                }
                String p = range(minTickets.get(), 1, 10_000_000, "Minimum tickets");
                if (p == null
                        && range(total.get(), 1, 10_000_000, "") == null
                        && Long.parseLong(minTickets.get().strip())
                                > Long.parseLong(total.get().strip())) {
                    p = "Minimum tickets cannot exceed the total tickets";
                }
                yield p;
            }
            case "startsAt" -> parse(startsAt.get()) == null ? "Start as date and time, e.g. 2026-12-24 18:00" : null;
            case "endsAt" -> {
                Instant end = parse(endsAt.get());
                Instant start = parse(startsAt.get());
                if (end == null) {
                    yield "End as date and time, e.g. 2026-12-24 20:00";
                }
                yield start != null && !end.isAfter(start) ? "The end must be after the start" : null;
            }
            case "houseFeeBps" -> range(houseFeeBps.get(), 0, 10_000, "House fee (basis points, 1000 = 10%)");
            case "prizes" -> {
                try {
                    parsePrizes(prizes.get());
                    yield null;
                } catch (IllegalArgumentException e) {
                    yield e.getMessage();
                }
            }
            default -> null;
        };
    }

    private static String length(String v, int max, String what) {
        String s = v == null ? "" : v.strip();
        if (s.isEmpty()) {
            return what + " is required";
        }
        return s.length() > max ? what + " must be at most " + max + " characters (now " + s.length() + ")" : null;
    }

    private static String range(String v, long min, long max, String what) {
        try {
            long n = Long.parseLong(v == null ? "" : v.strip());
            return n < min || n > max ? what + " must be between " + min + " and " + max : null;
        } catch (NumberFormatException e) {
            return what + " must be a whole number";
        }
    }

    Instant parse(String v) {
        try {
            return LocalDateTime.parse(v == null ? "" : v.strip(), TIME)
                    .atZone(zone)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code "1: 70%, 2: 20%"} or {@code "1: 500"}; places 1..n each once. */
    static List<Dto.Prize> parsePrizes(String text) {
        List<Dto.Prize> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Name at least one prize, e.g. 1: 100%");
        }
        long shares = 0;
        for (String part : text.split(",")) {
            String[] kv = part.split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("Write each prize as place: share% or place: Stars, e.g. 1: 70%");
            }
            int place;
            try {
                place = Integer.parseInt(kv[0].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Place '" + kv[0].strip() + "' is not a number");
            }
            if (place != out.size() + 1) {
                throw new IllegalArgumentException("Places must be 1, 2, 3, … in order");
            }
            String v = kv[1].strip();
            try {
                if (v.endsWith("%")) {
                    int bps = new BigDecimal(v.substring(0, v.length() - 1).strip())
                            .movePointRight(2)
                            .intValueExact();
                    if (bps < 1 || bps > 10_000) {
                        throw new IllegalArgumentException("A share is between 0.01% and 100%");
                    }
                    shares += bps;
                    out.add(new Dto.Prize(place, bps, null));
                } else {
                    long amount = Long.parseLong(v);
                    if (amount < 1) {
                        throw new IllegalArgumentException("A fixed prize is at least 1 Star");
                    }
                    out.add(new Dto.Prize(place, null, amount));
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("Prize '" + v + "' is neither a share like 70% nor whole Stars");
            }
        }
        if (shares > 10_000) {
            throw new IllegalArgumentException("Shares add up to more than 100%");
        }
        return out;
    }

    /** The spec to send; call only when {@link #problems()} is empty. */
    public Dto.RaffleSpec spec() {
        return new Dto.RaffleSpec(
                title.get().strip(),
                description.get().strip(),
                Long.parseLong(price.get().strip()),
                Integer.parseInt(total.get().strip()),
                Integer.parseInt(cap.get().strip()),
                minTickets.get() == null || minTickets.get().isBlank()
                        ? null
                        : Integer.parseInt(minTickets.get().strip()),
                parse(startsAt.get()),
                parse(endsAt.get()),
                drawMode.get(),
                Integer.parseInt(houseFeeBps.get().strip()),
                prizeChannel.get(),
                repeatPolicy.get(),
                false,
                null,
                parsePrizes(prizes.get()));
    }

    public void serverError(String field, String message) {
        serverField.set(field);
        serverMessage.set(message);
    }

    public void clearServerError() {
        serverField.set(null);
        serverMessage.set(null);
    }

    public ObjectProperty<Long> idProperty() {
        return id;
    }

    public ObjectProperty<Long> versionProperty() {
        return version;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringProperty priceProperty() {
        return price;
    }

    public StringProperty totalProperty() {
        return total;
    }

    public StringProperty capProperty() {
        return cap;
    }

    public StringProperty minTicketsProperty() {
        return minTickets;
    }

    public StringProperty startsAtProperty() {
        return startsAt;
    }

    public StringProperty endsAtProperty() {
        return endsAt;
    }

    public StringProperty drawModeProperty() {
        return drawMode;
    }

    public StringProperty houseFeeBpsProperty() {
        return houseFeeBps;
    }

    public StringProperty prizeChannelProperty() {
        return prizeChannel;
    }

    public StringProperty repeatPolicyProperty() {
        return repeatPolicy;
    }

    public StringProperty prizesProperty() {
        return prizes;
    }

    public BooleanProperty editableProperty() {
        return editable;
    }

    public StringProperty serverFieldProperty() {
        return serverField;
    }
}
