package io.rafflestars.telegramfake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every invoice the bot created, findable by chat (sendInvoice) or by link (createInvoiceLink). */
final class InvoiceBook {

    private final List<Invoice> all = new ArrayList<>();
    private final Map<String, Invoice> byLink = new HashMap<>();
    private final Map<Long, Invoice> lastByChat = new HashMap<>();

    synchronized void add(Invoice invoice) {
        all.add(invoice);
        if (invoice.link() != null) {
            byLink.put(slug(invoice.link()), invoice);
        }
        if (invoice.chatId() != null) {
            lastByChat.put(invoice.chatId(), invoice);
        }
    }

    synchronized List<Invoice> all() {
        return List.copyOf(all);
    }

    /** Finds by full link or by anything ending in its {@code $slug} (e.g. {@code t.me/$...} or {@code $...}). */
    synchronized Optional<Invoice> byLink(String link) {
        return Optional.ofNullable(byLink.get(slug(link)));
    }

    private static String slug(String link) {
        int dollar = link.lastIndexOf('$');
        return dollar < 0 ? link : link.substring(dollar + 1);
    }

    synchronized Optional<Invoice> lastFor(long chatId) {
        return Optional.ofNullable(lastByChat.get(chatId));
    }
}
