package io.rafflestars.backend.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver (STACK.md: no browser download, no network), with the
 * Telegram Web App stub ({@code miniapp/telegram-stub.js}) injected into every page before its own scripts.
 */
public final class Browser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    private Optional<String> stub = Optional.empty();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether this machine has the browser and its driver (.ci/run installs them). */
    public static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    public static Browser start() {
        if (!installed()) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver:"
                    + " apt-get install -y chromium chromium-driver (.ci/run does it)");
        }
        try {
            Path profile = Files.createTempDirectory("raffle-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--window-size=420,900",
                    "--user-data-dir=" + profile,
                    // telegram.org is out of reach here: fail its script at once, the stub plays Telegram instead
                    "--host-resolver-rules=MAP telegram.org ~NOTFOUND");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting(Duration atMost) {
        return new WebDriverWait(driver, atMost, Duration.ofMillis(50));
    }

    /**
     * Every page opened from now on finds {@code window.Telegram.WebApp} with this configuration (replacing any
     * earlier one): {@code initData}, {@code user}, {@code startParam}, {@code colorScheme}, {@code themeParams},
     * {@code fakeTelegram} (the fake's base URL, where openInvoice has the invoice paid).
     */
    public void telegram(ObjectNode config) {
        stub.ifPresent(
                id -> driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id)));
        String source = script().replace("__CONFIG__", config.toString());
        Map<String, Object> added =
                driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
        stub = Optional.of((String) added.get("identifier"));
    }

    public static ObjectNode config() {
        return Json.mapper().createObjectNode();
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private static String script() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("miniapp/telegram-stub.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
