package io.rafflestars.console.platform;

import java.util.Objects;

/**
 * A console call that did not succeed, with what the user should read. {@code status} is the HTTP status, or 0 when
 * no answer came (then {@code code} is {@link #UNREACHABLE} or {@link #TLS}); {@code code} is otherwise the backend's
 * stable error code (docs/api.md) and {@code field} names the input at fault for validation errors.
 */
public final class ApiException extends RuntimeException {
    public static final String UNREACHABLE = "UNREACHABLE";
    public static final String TLS = "TLS";
    public static final String SESSION_EXPIRED = "SESSION_EXPIRED";

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code);
        this.field = field;
    }

    public ApiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = code;
        this.field = null;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** No answer from the server: it is down, the address is wrong, or the network is. */
    public boolean noAnswer() {
        return status == 0;
    }
}
