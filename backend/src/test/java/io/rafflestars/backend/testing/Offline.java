package io.rafflestars.backend.testing;

import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.RaffleService;
import java.time.Clock;

/**
 * Raffle and purchase services over a database, without a server: for tests whose backend runs in another process
 * (what the operator's console and the Mini App would do through that backend). Raffles made here are never
 * cancelled, so no refund hook is wired.
 */
public final class Offline implements AutoCloseable {
    private final Database database;
    private final RaffleService raffles;
    private final PurchaseService purchases;

    private Offline(Database database) {
        this.database = database;
        Transactions tx = new Transactions(database.client());
        this.raffles = new RaffleService(
                tx,
                Clock.systemUTC(),
                (t, r, reason) -> {
                    throw new UnsupportedOperationException("Offline services cannot cancel raffles");
                },
                new AuditLog(tx));
        this.purchases = new PurchaseService(tx, Clock.systemUTC());
    }

    public static Offline open(DatabaseUrl url) {
        return new Offline(Database.open(url, 2, Statements.load()));
    }

    public RaffleService raffles() {
        return raffles;
    }

    public PurchaseService purchases() {
        return purchases;
    }

    @Override
    public void close() {
        database.close();
    }
}
