package io.rafflestars.backend.feed;

import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.api.FeedTopic;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read what on the console feed: a function of the user's roles and the event's topic, nothing else. Every
 * console role sees the raffles' life (state, sales, draws); money and the audit trail are for ADMIN, FINANCE and
 * AUDITOR only, so an OPERATOR never receives a payment, refund, payout, reconciliation or audit event.
 */
public final class FeedAccess {
    public static final String ADMIN = "ADMIN";
    public static final String OPERATOR = "OPERATOR";
    public static final String FINANCE = "FINANCE";
    public static final String AUDITOR = "AUDITOR";

    private FeedAccess() {}

    public static boolean mayRead(Set<String> roles, FeedTopic topic) {
        return switch (topic) {
            case RAFFLES, SALES, DRAWS -> anyOf(roles, ADMIN, OPERATOR, FINANCE, AUDITOR);
            case PAYMENTS, PAYOUTS, RECONCILIATION, AUDIT -> anyOf(roles, ADMIN, FINANCE, AUDITOR);
        };
    }

    /** Whether this event may reach a console user with these roles. An event of no known topic reaches nobody. */
    public static boolean mayReceive(Set<String> roles, FeedEvent event) {
        return FeedTopic.of(event.stream()).filter(t -> mayRead(roles, t)).isPresent();
    }

    /** Every topic these roles may read. */
    public static Set<FeedTopic> readable(Set<String> roles) {
        Set<FeedTopic> topics = EnumSet.noneOf(FeedTopic.class);
        for (FeedTopic t : FeedTopic.values()) {
            if (mayRead(roles, t)) {
                topics.add(t);
            }
        }
        return topics;
    }

    private static boolean anyOf(Set<String> roles, String... allowed) {
        for (String r : allowed) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
