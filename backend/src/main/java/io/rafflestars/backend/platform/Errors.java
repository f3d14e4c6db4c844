package io.rafflestars.backend.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.common.api.ErrorBody;
import io.rafflestars.common.api.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The one place where failures become responses. Every 4xx/5xx, whether from our handlers, from JSON parsing or from
 * the server itself (unknown route, oversized body, malformed request), answers {@code {"error":{...}}}.
 */
public final class Errors {
    private static final System.Logger LOG = System.getLogger(Errors.class.getName());

    private Errors() {}

    /** Error handlers for the routing; an unmatched route arrives here as a 404 {@link HttpException}. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> {
                    restoreHeaders(req, res);
                    send(res, e.code(), e.getMessage(), e.field());
                })
                .error(HttpException.class, (req, res, e) -> {
                    restoreHeaders(req, res);
                    httpException(req, res, e);
                })
                .error(RuntimeException.class, (req, res, e) -> {
                    restoreHeaders(req, res);
                    unexpected(req, res, e);
                });
    }

    /**
     * An exception's way to its handler clears what the filters had set: put the request id and the security headers
     * back.
     */
    private static void restoreHeaders(ServerRequest req, ServerResponse res) {
        if (!res.headers().contains(RequestIds.HEADER)) {
            io.helidon.logging.common.HelidonMdc.get(RequestIds.MDC_KEY)
                    .ifPresent(id -> res.header(RequestIds.HEADER, id));
        }
        if (!res.headers().contains(HeaderNames.STRICT_TRANSPORT_SECURITY)) {
            Edge.securityHeaders(res, Edge.miniApp(req.path().path()));
        }
    }

    /** Answers for failures the server handles before any route runs (bad framing, payload too large). */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, Errors::direct);
        }
        return b.build();
    }

    private static DirectHandler.TransportResponse direct(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType type,
            Status status,
            io.helidon.http.ServerResponseHeaders headers,
            String message) {
        ErrorCode code = codeFor(status.code());
        // The event type is not always precise (an oversized body arrives as BAD_REQUEST with 413): go by status.
        String text = switch (code) {
            case PAYLOAD_TOO_LARGE -> "Request body is larger than the server accepts";
            case BAD_REQUEST -> "Malformed HTTP request";
            case INTERNAL -> "Internal error";
            default -> status.reasonPhrase();
        };
        byte[] body = bodyBytes(code, text, null);
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(body)
                .keepAlive(type.keepAlive())
                .build();
    }

    private static void httpException(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        String message = status == 404
                ? "No route for " + req.prologue().method().text() + " "
                        + req.path().path()
                : e.getMessage();
        send(res, codeFor(status), message, null);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, RuntimeException e) {
        if (databaseUnavailable(e)) {
            // Not a bug: the database is restarting or unreachable. Callers retry a 503 (Telegram does); readiness is
            // DOWN meanwhile. One line, no stack trace.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Database unavailable on {0}: {1}",
                    req.path().absolute().path(),
                    firstLine(String.valueOf(e.getCause() != null ? e.getCause() : e)));
            send(res, ErrorCode.UNAVAILABLE, "The database is unavailable; try again shortly", null);
            return;
        }
        Throwable json = jsonCause(e);
        if (json != null) {
            String field = json instanceof MismatchedInputException mie
                            && !mie.getPath().isEmpty()
                    ? mie.getPath().getLast().getFieldName()
                    : null;
            send(
                    res,
                    ErrorCode.MALFORMED_JSON,
                    "Request body is not valid JSON for this route: " + firstLine(json.getMessage()),
                    field);
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "Unhandled error on " + req.path().path(), e);
        send(res, ErrorCode.INTERNAL, "Internal error; the request id identifies it in the logs", null);
    }

    /**
     * Connection failures (SQL state class 08) and a server shutting down or starting up (57P01-57P03), or no pooled
     * connection to be had: the database, not the request, is the problem.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return Transactions.sqlState(e)
                .filter(s -> s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03"))
                .isPresent();
    }

    private static Throwable jsonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The error code a bare HTTP status stands for. */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 428 -> ErrorCode.PRECONDITION_REQUIRED;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    /** Sends the error shape; usable from any handler. */
    public static void send(ServerResponse res, ErrorCode code, String message, String field) {
        res.status(Status.create(code.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bodyBytes(code, message, field));
    }

    private static byte[] bodyBytes(ErrorCode code, String message, String field) {
        try {
            return Json.mapper()
                    .writeValueAsString(ErrorBody.of(code, message, field))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
