package io.rafflestars.backend.ledger;

/** What an account is: opened once under its code, never changed. */
public record AccountSpec(String code, AccountType type, String name, Long raffleId, Long playerId) {
    public AccountSpec {
        if (code == null || !code.matches("[a-z][a-z_]*(:[0-9]+)?")) {
            throw new IllegalArgumentException("Bad account code: " + code);
        }
        if (type == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("Account " + code + " needs a type and a name");
        }
    }
}
