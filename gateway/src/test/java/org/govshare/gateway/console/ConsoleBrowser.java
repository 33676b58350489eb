package org.govshare.gateway.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in Debian's headless Chromium through its chromedriver, at 1280 × 900, as a person uses it: signing in
 * at the issuer's form, following the navigation, filling forms. Every wait is an explicit wait for what the page
 * shows. Screenshots go to {@code target/console-screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;
    private final String origin;

    private ConsoleBrowser(ChromeDriver driver, Path profile, String origin) {
        this.driver = driver;
        this.profile = profile;
        this.origin = origin;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** A fresh browser (its own profile directory) for the gateway on this port. */
    static ConsoleBrowser open(int port) {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(
                    "the console tests need Debian's chromium and chromedriver: apt-get install chromium chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("govshare-console-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    // Without these Chromium's own background connections fail here and it refuses to start.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,900",
                    "--lang=zh-CN");
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new ConsoleBrowser(new ChromeDriver(service, options), profile, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the console, signs in at the issuer's form and waits until the console shows the user. */
    void signIn(String user, String password) {
        driver.get(origin + "/console/");
        click(By.id("sign-in"));
        WebElement username = visible(By.id("username"));
        username.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("user-name"), user));
    }

    /**
     * Signs out with one click: the console forgets the token, the issuer ends its session and sends the browser back
     * to the console, which offers to sign in again.
     */
    void signOut() {
        click(By.id("sign-out"));
        visible(By.id("sign-in"));
    }

    /** Follows the navigation link to a page and waits until the page is there. */
    WebElement page(String id) {
        click(By.id("nav-" + id));
        return visible(By.id("page-" + id));
    }

    /** Names of the pages the navigation offers. */
    List<String> navigation() {
        return driver.findElements(By.cssSelector("#nav-list a")).stream()
                .map(link -> link.getAttribute("id").substring("nav-".length()))
                .toList();
    }

    WebElement visible(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void click(By locator) {
        wait.until(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    /**
     * Runs {@code action}, then waits a few seconds for the element to be clickable; runs it again while it is not,
     * four times at most. For a page that takes what was typed with a delay of its own (GraphiQL applies an edited
     * header after a debounce, so a re-fetch clicked at once may still go without it).
     */
    void retryUntilClickable(By locator, Runnable action) {
        for (int attempt = 1; ; attempt++) {
            action.run();
            try {
                new WebDriverWait(driver, Duration.ofSeconds(5))
                        .until(ExpectedConditions.elementToBeClickable(locator));
                return;
            } catch (TimeoutException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    /** Waits until the element's text contains this text, and returns the element's whole text. */
    String awaitText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator).getText();
    }

    /** Waits until the page has replaced this element (it is no longer in the document). */
    void awaitReplaced(WebElement element) {
        wait.until(ExpectedConditions.stalenessOf(element));
    }

    void awaitAbsent(By locator) {
        wait.until(ExpectedConditions.numberOfElementsToBe(locator, 0));
    }

    void type(By locator, String text) {
        WebElement input = visible(locator);
        input.clear();
        input.sendKeys(text);
    }

    void choose(By locator, String value) {
        new Select(visible(locator)).selectByValue(value);
    }

    List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    void go(String hash) {
        driver.get(origin + "/console/" + hash);
    }

    /** Opens any address, as following a link does. */
    void open(String url) {
        driver.get(url);
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Whether the element is there and shown (not hidden by an attribute or a style). */
    boolean displayed(By locator) {
        return driver.findElements(locator).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Opens another page of the gateway, such as {@code /graphiql}. */
    void openPage(String path) {
        driver.get(origin + path);
    }

    /** Runs an asynchronous script in the page (its last argument is the callback) and returns what it passes. */
    Object script(String asyncScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(asyncScript, arguments);
    }

    /** A screenshot of the window with this element scrolled to its top. */
    void screenshot(String name, By scrolledTo) {
        ((JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'start'});", visible(scrolledTo));
        screenshot(name);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the browser's console messages next to the screenshots (kept for a failed run's diagnosis). */
    void keepLog(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            List<String> lines = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .toList();
            Files.write(SCREENSHOTS.resolve(name + ".log"), lines);
        } catch (IOException | RuntimeException e) {
            // The log is a diagnosis aid only.
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
