package io.rafflestars.backend.auth;

import io.helidon.common.GenericType;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import io.rafflestars.backend.platform.Errors;
import java.io.OutputStream;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The response as Helidon Security's handler sees it: everything passes through, except that ending an error
 * response without a body (how the handler refuses a request) sends our JSON error shape instead.
 */
final class ShapedResponse implements ServerResponse {
    private final ServerResponse delegate;
    private final IntFunction<String> messageForStatus;

    ShapedResponse(ServerResponse delegate, IntFunction<String> messageForStatus) {
        this.delegate = delegate;
        this.messageForStatus = messageForStatus;
    }

    @Override
    public void send() {
        int status = delegate.status().code();
        if (status >= 400) {
            Errors.send(delegate, Errors.codeFor(status), messageForStatus.apply(status), null);
        } else {
            delegate.send();
        }
    }

    @Override
    public ServerResponse status(Status status) {
        delegate.status(status);
        return this;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ServerResponse header(Header header) {
        delegate.header(header);
        return this;
    }

    @Override
    public void send(byte[] bytes) {
        delegate.send(bytes);
    }

    @Override
    public void send(Object entity) {
        delegate.send(entity);
    }

    @Override
    public boolean isSent() {
        return delegate.isSent();
    }

    @Override
    public OutputStream outputStream() {
        return delegate.outputStream();
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        delegate.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        delegate.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        delegate.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        delegate.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public void streamResult(String result) {
        delegate.streamResult(result);
    }

    @Override
    public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
        return delegate.sink(sinkType);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        delegate.streamFilter(filterFunction);
    }
}
