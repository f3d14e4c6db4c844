package io.rafflestars.backend.platform;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a list read with a cursor: pass {@code nextAfter} as {@code after} to read the next page; it is null on
 * the last page.
 */
public record Page<T>(List<T> items, Long nextAfter) {
    public Page {
        items = List.copyOf(items);
    }

    /** A page of at most {@code limit} items: full means there may be more, after the last item's cursor. */
    public static <T> Page<T> of(List<T> items, int limit, ToLongFunction<T> cursor) {
        return new Page<>(
                items, items.size() == limit && !items.isEmpty() ? cursor.applyAsLong(items.getLast()) : null);
    }
}
