package org.govshare.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * GraphiQL at {@code /graphiql} in headless Chromium, as an app developer uses it: the token and purpose go in the
 * Headers tab, the schema is fetched again, and the Docs panel lists the caller's fields and nothing else. GraphiQL
 * fetches the schema with its standard introspection query, which must pass the gateway's limits.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class GraphiQlDocsIT {
    @Value("${local.server.port}")
    int port;

    private ConsoleBrowser browser;

    @BeforeEach
    void openBrowser() {
        browser = ConsoleBrowser.open(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.keepLog("graphiql-docs");
        browser.close();
    }

    @Test
    void theDocsPanelListsTheCallersFieldsAndNothingElse() {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        browser.openPage("/graphiql");
        browser.visible(By.cssSelector(".graphiql-container"));

        browser.click(By.xpath("//button[normalize-space()='Headers']"));
        Object set = browser.script(
                """
                const done = arguments[arguments.length - 1];
                const editors = [...document.querySelectorAll('section.graphiql-editor-tool .CodeMirror')]
                    .filter(editor => editor.closest('.hidden') === null);
                editors[0].CodeMirror.setValue(arguments[0]);
                done(editors.length);
                """, "{\"Authorization\": \"Bearer " + token + "\", \"X-Purpose\": \"PENSION_EXTENSION\"}");
        assertThat(set).isEqualTo(1L);
        browser.click(By.cssSelector("button[aria-label='Show Documentation Explorer']"));
        By queryType = By.xpath("//a[contains(@class,'graphiql-doc-explorer-type-name') and text()='Query']");
        browser.retryUntilClickable(
                queryType, () -> browser.click(By.cssSelector("button[aria-label='Re-fetch GraphQL schema']")));
        browser.click(queryType);
        browser.awaitText(By.cssSelector(".graphiql-doc-explorer"), "verifyResident");
        List<String> queryFields = fieldNames();
        browser.screenshot("graphiql-docs-query");

        browser.click(By.xpath("//a[contains(@class,'graphiql-doc-explorer-field-name') and text()='resident']"));
        browser.click(By.xpath("//a[contains(@class,'graphiql-doc-explorer-type-name') and text()='Resident']"));
        browser.awaitText(By.cssSelector(".graphiql-doc-explorer"), "regionCode");
        List<String> residentFields = fieldNames();
        browser.screenshot("graphiql-docs-resident");

        List<String> expectedQuery = new ArrayList<>(List.of("resident", "verifyResident"));
        expectedQuery.addAll(TestSupport.WORKFLOW_QUERY_FIELDS);
        assertThat(queryFields).containsExactlyInAnyOrderElementsOf(expectedQuery);
        assertThat(residentFields).containsExactlyInAnyOrder("idNumber", "name", "birthDate", "regionCode", "pension");
    }

    private List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (WebElement field : browser.all(By.cssSelector(".graphiql-doc-explorer-field-name"))) {
            names.add(field.getText());
        }
        return names;
    }
}
