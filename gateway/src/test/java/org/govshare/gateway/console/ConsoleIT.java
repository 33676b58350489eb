package org.govshare.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.testing.DemoJobs;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The console in headless Chromium against the demo default over real HTTP: sign-in with authorization code and PKCE
 * at the embedded issuer, then only what the pages show. A consumer applies through {@code /graphql}; the steward
 * approves in the console and the consumer's next call succeeds; the authority previews the impact of revoking the
 * grant, revokes it, and the call is refused; the audit search by ID number shows the consumer's access.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class ConsoleIT {
    private static final String SUBMIT = """
            mutation($r: ShareRequestInput!) { submitShareRequest(request: $r) { id grantId } }""";
    private static final String VERIFY = """
            { verifyPensionAccount(idNumber: "%s", claims: {retired: true, status: ACTIVE}) { outcome } }""".formatted(R1_ID);
    private static final String VERIFY_MONTHS =
            "{ verifyPensionAccount(idNumber: \"%s\", claims: {contributionMonthsAtLeast: 300}) { outcome } }";
    private static final String PURPOSE = "PENSION_SUBSIDY";
    private static final String CASE = "GLBT-2026-0815";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    private ConsoleBrowser browser;
    private String testName;

    @BeforeEach
    void openBrowser(TestInfo test) {
        testName = test.getTestMethod().orElseThrow().getName();
        browser = ConsoleBrowser.open(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.keepLog(testName);
        browser.close();
    }

    @Test
    void theStewardApprovesInTheConsoleAndTheAuthorityRevokesAfterPreviewingTheImpact() {
        String consumer = "console-applicant-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode request = apply(
                consumer,
                List.of(
                        Map.of("field", "Query.verifyPensionAccount", "access", "VERIFY"),
                        Map.of("field", "PensionAccount.retired", "access", "VERIFY"),
                        Map.of("field", "PensionAccount.status", "access", "READ")));
        String id = request.get("id").asString();
        String grantId = request.get("grantId").asString();
        JsonNode beforeApproval = consumer(consumer).post(VERIFY);

        browser.signIn("hrss-steward", "hrss-steward-password");
        By card = By.cssSelector("article[data-request='" + id + "']");
        String pending = browser.awaitText(card, consumer);
        browser.choose(decision(id, "Query.verifyPensionAccount"), "approve");
        browser.choose(decision(id, "PensionAccount.retired"), "approve");
        browser.choose(decision(id, "PensionAccount.status"), "verify");
        browser.screenshot("inbox");
        browser.click(By.cssSelector("article[data-request='" + id + "'] form.answer button[type=submit]"));
        browser.awaitText(By.id("page-inbox"), "Request #" + id + " answered");
        browser.awaitAbsent(card);
        browser.choose(By.name("status"), "all");
        browser.click(By.cssSelector("#page-inbox form.bar button[type=submit]"));
        String answered = browser.awaitText(card, "Approved");
        JsonNode afterApproval = consumer(consumer).post(VERIFY);

        assertThat(pending).contains(PURPOSE, "PensionAccount.retired", "PensionAccount.status", "待审 Pending");
        assertThat(row(id, "PensionAccount.status")).contains("已批准 Approved", "核验 VERIFY");
        assertThat(row(id, "PensionAccount.retired")).contains("已批准 Approved", "核验 VERIFY");
        assertThat(answered).contains("hrss-steward");
        assertThat(beforeApproval.has("errors")).as("%s", beforeApproval).isTrue();
        assertThat(afterApproval.at("/data/verifyPensionAccount/outcome").asString())
                .as("%s", afterApproval)
                .isEqualTo("MATCH");

        browser.signOut();
        browser.signIn("authority-admin", "authority-admin-password");
        browser.page("grants");
        WebElement allGrants = browser.visible(By.cssSelector("#grant-list table"));
        browser.choose(By.name("consumer"), consumer);
        // The list is drawn again for the consumer: a button of the list before is gone.
        browser.awaitReplaced(allGrants);
        browser.click(By.cssSelector("button[data-grant='" + grantId + "']"));
        browser.click(By.cssSelector("#grant-change input[name=revoke]"));
        WebElement save = browser.visible(By.id("save-change"));
        boolean saveBeforePreview = save.isEnabled();
        browser.click(By.id("preview-impact"));
        String impact = browser.awaitText(By.id("impact"), "Newly refused (1)");
        browser.screenshot("grants-impact", By.id("change-title"));
        browser.type(By.cssSelector("#grant-change input[name=reason]"), "subsidy programme closed");
        browser.click(By.id("save-change"));
        String saved = browser.awaitText(By.id("page-grants"), grantId + " changed: policy version");
        JsonNode afterRevocation = consumer(consumer).post(VERIFY);

        assertThat(saveBeforePreview)
                .as("saving is offered only after the preview")
                .isFalse();
        assertThat(impact).contains("verifyPensionAccount", "PensionAccount.retired", PURPOSE);
        assertThat(saved).contains(grantId);
        assertThat(code(afterRevocation)).as("%s", afterRevocation).isEqualTo("PURPOSE_NOT_GRANTED");

        browser.page("policy");
        browser.click(By.cssSelector("#page-policy form[aria-label='比较 Compare'] button"));
        String diff = browser.awaitText(By.id("diff"), grantId);
        browser.page("audit");
        browser.type(By.name("subject"), R1_ID);
        browser.click(By.cssSelector("#page-audit form button[type=submit]"));
        browser.awaitText(By.id("access-log"), consumer);
        List<String> accesses = browser.all(By.cssSelector("#access-log tr[data-consumer='" + consumer + "']")).stream()
                .map(WebElement::getText)
                .toList();
        browser.screenshot("audit");
        browser.page("usage");
        String usage = browser.awaitText(By.id("usage-result"), consumer);
        boolean charted = !browser.all(By.cssSelector("svg.chart g[data-series='" + consumer + " · " + PURPOSE + "']"))
                .isEmpty();
        browser.screenshot("usage");

        assertThat(diff).contains("status ACTIVE -> REVOKED");
        assertThat(accesses).anySatisfy(access -> assertThat(access)
                .contains(PURPOSE, CASE, "clerk-07", "PensionAccount.retired", "verified only", "允许 Allowed"));
        assertThat(accesses).anySatisfy(access -> assertThat(access).contains("拒绝 Denied", "PURPOSE_NOT_GRANTED"));
        assertThat(usage).contains(consumer, PURPOSE);
        assertThat(charted).isTrue();
    }

    @Test
    void aRejectionNeedsAReasonTheAuthorityArbitratesTheEscalationAndTheStewardResolvesACorrection() {
        String consumer = "console-applicant-" + UUID.randomUUID().toString().substring(0, 8);
        String id = apply(
                        consumer,
                        List.of(
                                Map.of("field", "Query.verifyPensionAccount", "access", "VERIFY"),
                                Map.of("field", "PensionAccount.contributionMonths", "access", "VERIFY")))
                .get("id")
                .asString();
        // Corrections are reported about fields the reporter may use: the pension window reads the months.
        JsonNode reported = applicant("dongguan-window")
                .post(
                        "mutation($k: String!) { reportCorrection(report: {type: \"PensionAccount\", key: $k,"
                                + " field: \"contributionMonths\", description: \"补缴 12 个月未计入 12 back-paid months"
                                + " missing\"}) { id } }",
                        Map.of("k", R1_ID));
        String correction = reported.at("/data/reportCorrection/id").asString();

        browser.signIn("hrss-steward", "hrss-steward-password");
        By card = By.cssSelector("article[data-request='" + id + "']");
        browser.choose(decision(id, "Query.verifyPensionAccount"), "approve");
        browser.choose(decision(id, "PensionAccount.contributionMonths"), "reject");
        browser.click(By.cssSelector("article[data-request='" + id + "'] form.answer button[type=submit]"));
        String withoutReason = browser.awaitText(card, "needs a reason");
        browser.type(By.cssSelector("article[data-request='" + id + "'] textarea[name=reason]"), "年限由社保窗口核定");
        browser.click(By.cssSelector("article[data-request='" + id + "'] form.answer button[type=submit]"));
        browser.awaitText(By.id("page-inbox"), "Request #" + id + " answered");
        browser.page("corrections");
        By report = By.cssSelector("tr[data-correction='" + correction + "']");
        browser.type(By.cssSelector("tr[data-correction='" + correction + "'] input[name=note]"), "已补录 12 个月");
        browser.click(By.cssSelector("tr[data-correction='" + correction + "'] button"));
        String resolved = browser.awaitText(report, "已采纳 Accepted");
        JsonNode escalated = applicant(consumer)
                .post(
                        "mutation($id: ID!) { escalateShareRequest(id: $id, field:"
                                + " \"PensionAccount.contributionMonths\", reason: \"补贴规则要求缴费满15年\") { id } }",
                        Map.of("id", id));
        JsonNode beforeArbitration = consumer(consumer).post(VERIFY_MONTHS.formatted(R1_ID));

        browser.signOut();
        browser.signIn("authority-admin", "authority-admin-password");
        String escalation = browser.awaitText(card, "待仲裁 Escalated");
        browser.choose(By.cssSelector("article[data-request='" + id + "'] select.arbitration"), "grant");
        browser.type(By.cssSelector("article[data-request='" + id + "'] textarea[name=reason]"), "补贴规则第12条");
        browser.click(By.cssSelector("article[data-request='" + id + "'] form.answer button[type=submit]"));
        browser.awaitText(By.id("page-inbox"), "Request #" + id + " arbitrated");
        JsonNode afterArbitration = consumer(consumer).post(VERIFY_MONTHS.formatted(R1_ID));

        assertThat(withoutReason).contains("拒绝或仲裁须说明理由");
        assertThat(resolved).contains("已补录 12 个月", "hrss-steward");
        assertThat(escalated.has("errors")).as("%s", escalated).isFalse();
        assertThat(escalation).contains("年限由社保窗口核定", "hrss-steward");
        assertThat(code(beforeArbitration)).as("%s", beforeArbitration).isNotEmpty();
        assertThat(afterArbitration.at("/data/verifyPensionAccount/outcome").asString())
                .as("%s", afterArbitration)
                .isEqualTo("MATCH");
    }

    @Test
    void explainShowsAllowedAndDeniedFieldsMasksAndTheSourceSql() {
        browser.signIn("authority-admin", "authority-admin-password");
        browser.page("explain");
        browser.type(By.name("consumer"), "street-office-441900");
        browser.type(By.name("purpose"), "GRASSROOTS_RETURN");
        browser.type(By.name("document"), "{ resident(idNumber: \"" + R1_ID + "\") { idNumber name } }");
        browser.click(By.cssSelector("#page-explain form button[type=submit]"));
        String granted = browser.awaitText(By.id("explanation"), "Every field is granted");
        String allowed =
                browser.visible(By.cssSelector("#explanation .allowed")).getText();
        String masks = browser.visible(By.cssSelector("#explanation .masks")).getText();
        String rowFilters =
                browser.visible(By.cssSelector("#explanation .row-filters")).getText();
        String sql =
                browser.visible(By.cssSelector("#explanation .source-queries")).getText();
        browser.screenshot("explain", By.cssSelector("#page-explain form button[type=submit]"));
        browser.type(By.name("document"), "{ resident(idNumber: \"" + R1_ID + "\") { name birthDate } }");
        browser.click(By.cssSelector("#page-explain form button[type=submit]"));
        String refused = browser.awaitText(By.id("explanation"), "Refused: 1 fields are not granted");
        String denied = browser.visible(By.cssSelector("#explanation .denied")).getText();

        assertThat(granted).contains("拒绝 Denied (0)");
        assertThat(allowed).contains("Resident.idNumber", "Resident.name");
        assertThat(masks).contains("Resident.idNumber: ID_NUMBER");
        assertThat(rowFilters).contains("Resident.regionCode STARTS_WITH '4419'");
        assertThat(sql).contains("police", "SELECT", "LIKE ?").doesNotContain(R1_ID);
        assertThat(refused).contains("拒绝 Denied (1)");
        assertThat(denied).contains("Resident.birthDate").doesNotContain("Resident.name");
    }

    @Test
    void aStewardIsOfferedOnlyItsOwnWorkAndItsTokenCarriesOnlyItsOwnScope() {
        browser.signIn("hrss-steward", "hrss-steward-password");
        List<String> pages = browser.navigation();
        String role = browser.visible(By.id("user-role")).getText();
        browser.go("#/grants");
        browser.visible(By.id("page-inbox"));
        Object grants = browser.script("const done = arguments[arguments.length - 1];"
                + "const token = JSON.parse(sessionStorage.getItem('govshare.console.token')).accessToken;"
                + "fetch('/admin/graphql', {method: 'POST', headers: {Authorization: 'Bearer ' + token,"
                + " 'Content-Type': 'application/json'}, body: JSON.stringify({query: '{ grants { id } }'})})"
                + ".then(r => r.text()).then(done, e => done(String(e)));");

        browser.page("catalog");
        browser.choose(By.name("source"), "hrss");
        browser.type(By.name("search"), "retired");
        browser.click(By.cssSelector("#page-catalog form button[type=submit]"));
        String found = browser.awaitText(By.id("catalog-results"), "1 resources, 1 items");
        List<WebElement> resources = browser.all(By.cssSelector("#catalog-results section.resource"));
        browser.choose(By.name("source"), "");
        browser.choose(By.name("shareType"), "NOT_SHARED");
        browser.type(By.name("search"), "");
        browser.click(By.cssSelector("#page-catalog form button[type=submit]"));
        String notShared = browser.awaitText(By.id("catalog-results"), "MedicalInsurance.balance");
        browser.screenshot("catalog");

        assertThat(pages).containsExactly("inbox", "catalog", "explain", "audit", "jobs", "corrections");
        assertThat(role).contains("hrss");
        assertThat(String.valueOf(grants)).contains("FORBIDDEN_FIELD").doesNotContain("\"data\":{\"grants\"");
        assertThat(found).contains("PensionAccount.retired").doesNotContain("Resident.");
        assertThat(resources).hasSize(1);
        assertThat(notShared).contains("不予共享 Not shared").doesNotContain("有条件共享 Conditional");
    }

    @Test
    void theJobsPageShowsTheAuthorityAConsumersVerificationJobAndAnotherSourcesStewardNot() {
        DemoJobs fund = new DemoJobs(port);
        String id = fund.submitNames("idNumber,name\n" + R1_ID + ",张秀英\n" + R3_ID + ",李建国\n");
        fund.awaitFinished(id);
        By row = By.cssSelector("#job-list tr[data-job='" + id + "']");

        browser.signIn("authority-admin", "authority-admin-password");
        browser.page("jobs");
        WebElement unfiltered = browser.visible(By.cssSelector("#job-list table"));
        browser.type(By.name("consumer"), DemoJobs.CONSUMER);
        browser.choose(By.name("state"), "DONE");
        browser.click(By.cssSelector("#page-jobs form button[type=submit]"));
        browser.awaitReplaced(unfiltered);
        String listed = browser.awaitText(row, "已完成 Done");
        String progress = browser.visible(By.cssSelector("#job-list tr[data-job='" + id + "'] li[data-source=police]"))
                .getText();
        String bar = browser.visible(By.cssSelector("#job-list tr[data-job='" + id + "'] progress"))
                .getAttribute("aria-label");
        List<String> consumers = browser.all(By.cssSelector("#job-list tbody tr")).stream()
                .map(WebElement::getText)
                .toList();
        browser.screenshot("jobs", By.id("page-jobs"));

        assertThat(listed).contains(DemoJobs.CONSUMER, DemoJobs.PURPOSE, "Resident", DemoJobs.CASE, DemoJobs.OPERATOR);
        assertThat(listed).doesNotContain(R1_ID, R3_ID, "MATCH");
        assertThat(progress).contains("police", "2 / 2");
        assertThat(bar).isEqualTo("police: 2 / 2");
        assertThat(consumers).allSatisfy(text -> assertThat(text).contains(DemoJobs.CONSUMER));

        browser.signOut();
        browser.signIn("hrss-steward", "hrss-steward-password");
        browser.page("jobs");
        String hint = browser.awaitText(By.id("page-jobs"), "hrss");
        browser.visible(By.cssSelector("#job-list .message, #job-list table"));

        assertThat(browser.displayed(By.name("consumer")))
                .as("the consumer filter")
                .isFalse();
        assertThat(hint).contains("Only jobs that verify your own sources' data (hrss)");
        assertThat(browser.all(row)).isEmpty();
    }

    @Test
    void nothingOfASignedInUserShowsBeforeSignIn() {
        browser.go("");
        browser.visible(By.id("sign-in"));
        browser.screenshot("sign-in");

        assertThat(browser.displayed(By.id("user"))).as("the user's area").isFalse();
        assertThat(browser.displayed(By.id("sign-out")))
                .as("the sign-out button")
                .isFalse();
        assertThat(browser.displayed(By.id("user-role"))).as("the role badge").isFalse();
        assertThat(browser.displayed(By.id("nav"))).as("the navigation").isFalse();
    }

    /**
     * The attack of issue #18: an administrator is signed in at the issuer; a process on the same machine listens on
     * another loopback port and gets the administrator's browser to an authorization request with that listener as
     * the redirect URI and its own PKCE challenge, hoping for a code to redeem with its own verifier. The issuer
     * refuses the address and says so; the listener receives nothing. Sent to the console's own address instead, the
     * code lands in the administrator's console, which redeems only the codes of sign-ins it started itself.
     */
    @Test
    void aListenerOnAnotherLoopbackPortReceivesNoCodeOfASignedInAdministrator() throws Exception {
        browser.signIn("authority-admin", "authority-admin-password");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(3_000);
            String stolen = "http://127.0.0.1:" + listener.getLocalPort() + "/console/";

            browser.open("http://127.0.0.1:" + port + authorize(stolen));
            String refusal = browser.awaitText(By.id("problem"), "not registered");
            browser.screenshot("sign-in-refused");
            boolean reached;
            try (Socket connection = listener.accept()) {
                reached = connection != null;
            } catch (SocketTimeoutException e) {
                reached = false;
            }
            browser.open("http://127.0.0.1:" + port + authorize("http://127.0.0.1:" + port + "/console/"));
            String console = browser.awaitText(By.id("main"), "Sign-in state does not match");

            assertThat(refusal).contains(stolen);
            assertThat(reached).as("the listener received a request").isFalse();
            assertThat(console).contains("登录状态不符");
            assertThat(browser.currentUrl()).doesNotContain("code=");
        }
    }

    /** An authorization request as the attacker writes it: its own state and PKCE challenge. */
    private static String authorize(String redirectUri) {
        return "/oauth2/authorize?response_type=code&client_id=govshare-console&scope=govshare.console"
                + "&state=attacker&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
    }

    private JsonNode apply(String consumer, List<Map<String, String>> fields) {
        Map<String, Object> application = Map.of(
                "purpose",
                PURPOSE,
                "fields",
                fields,
                "justification",
                "高龄补贴资格核验 subsidy eligibility",
                "caseVolume",
                5_000,
                "requestedDays",
                180);
        JsonNode response = applicant(consumer).post(SUBMIT, Map.of("r", application));
        assertThat(response.has("errors")).as("%s", response).isFalse();
        return response.at("/data/submitShareRequest");
    }

    /** The consumer applying and following up, without a purpose. */
    private GraphQlHttpClient applicant(String consumer) {
        return GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, consumer), null);
    }

    /** The consumer's calls, on behalf of one official handling one case. */
    private GraphQlHttpClient consumer(String consumer) {
        return new GraphQlHttpClient(
                port,
                Map.of(
                        "Authorization",
                        "Bearer " + TestTokens.signed(issuerKeys, consumer),
                        "X-Purpose",
                        PURPOSE,
                        "X-Case-Id",
                        CASE,
                        "X-Operator-Id",
                        "clerk-07"));
    }

    private static By decision(String request, String field) {
        return By.cssSelector("article[data-request='" + request + "'] select[data-field='" + field + "']");
    }

    private String row(String request, String field) {
        return browser.visible(By.cssSelector("article[data-request='" + request + "'] tr[data-field='" + field + "']"))
                .getText();
    }

    private static String code(JsonNode response) {
        return response.at("/errors/0/extensions/code").asString();
    }
}
