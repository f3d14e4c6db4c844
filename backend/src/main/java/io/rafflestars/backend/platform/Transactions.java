package io.rafflestars.backend.platform;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs work in one database transaction: commit when it returns, roll back when it throws. A deadlock or
 * serialization failure is retried a bounded number of times, since PostgreSQL asks the client to do exactly that.
 */
public final class Transactions {
    private static final int MAX_ATTEMPTS = 5;

    private final DbClient client;

    public Transactions(DbClient client) {
        this.client = client;
    }

    public <T> T run(Function<DbTransaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            DbTransaction tx = client.transaction();
            T result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException e) {
                rollbackQuietly(tx, e);
                if (attempt < MAX_ATTEMPTS && isRetryable(e)) {
                    backoff(attempt);
                    continue;
                }
                throw e;
            }
            try {
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                if (attempt < MAX_ATTEMPTS && isRetryable(e)) {
                    backoff(attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    /** Like {@link #run} for work with no result. */
    public void execute(java.util.function.Consumer<DbTransaction> work) {
        run(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private static void rollbackQuietly(DbTransaction tx, RuntimeException cause) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(5L * attempt + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SQL state of the first {@link SQLException} in the cause chain. */
    public static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** True when the failure is a unique-constraint violation (SQL state 23505). */
    public static boolean isUniqueViolation(Throwable e) {
        return sqlState(e).filter("23505"::equals).isPresent();
    }

    static boolean isRetryable(Throwable e) {
        return sqlState(e).filter(s -> s.equals("40001") || s.equals("40P01")).isPresent();
    }
}
