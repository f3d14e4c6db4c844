package io.rafflestars.backend.testing;

import io.rafflestars.backend.platform.DatabaseUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own empty database, created before its first test and dropped after its last. Tests ask
 * for it as a {@link DatabaseUrl} parameter.
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FreshDatabase.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        DatabaseUrl url = TestDatabases.create(context.getRequiredTestClass().getSimpleName());
        context.getStore(NS).put("url", url);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DatabaseUrl url = context.getStore(NS).remove("url", DatabaseUrl.class);
        if (url != null) {
            TestDatabases.drop(url);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == DatabaseUrl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return findUrl(e);
    }

    private static DatabaseUrl findUrl(ExtensionContext e) {
        for (ExtensionContext c = e; c != null; c = c.getParent().orElse(null)) {
            DatabaseUrl url = c.getStore(NS).get("url", DatabaseUrl.class);
            if (url != null) {
                return url;
            }
        }
        throw new IllegalStateException("No database: is the class annotated with @ExtendWith(FreshDatabase.class)?");
    }
}
