package example.window;

import com.netflix.graphql.dgs.client.codegen.GraphQLQueryRequest;
import example.window.govshare.client.ResidentGraphQLQuery;
import example.window.govshare.client.ResidentProjectionRoot;
import example.window.govshare.types.PensionAccount;
import example.window.govshare.types.Resident;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pension service window (社保延缴) opens a case: the applicant's name and birth date from the resident register and
 * the pension account's state from human resources and social security, in one typed call. Every type below was
 * generated from the schema govshare shows the window under PENSION_EXTENSION, so a field the window may not read (an
 * address, say) has no getter to call.
 *
 * <p>Usage: {@code GOVSHARE_URL=http://localhost:8080 GOVSHARE_TOKEN=… PensionCase <ID number> <case id>}
 */
public final class PensionCase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        ResidentProjectionRoot<?, ?> record = new ResidentProjectionRoot<>();
        record.name().birthDate();
        record.pension().status().parent().retired().contributionMonths();
        GraphQLQueryRequest request = new GraphQLQueryRequest(
                ResidentGraphQLQuery.newRequest().idNumber(args[0]).build(), record);

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(System.getenv("GOVSHARE_URL") + "/graphql"))
                                .header("Authorization", "Bearer " + System.getenv("GOVSHARE_TOKEN"))
                                .header("X-Purpose", "PENSION_EXTENSION")
                                .header("X-Case-Id", args[1])
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(Map.of("query", request.serialize()))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (body.has("errors")) {
            throw new IllegalStateException("govshare refused: " + body.get("errors"));
        }
        Resident resident = JSON.treeToValue(body.at("/data/resident"), Resident.class);
        PensionAccount pension = resident.getPension();
        System.out.println(resident.getName() + ", born " + resident.getBirthDate() + ": pension "
                + pension.getStatus() + (pension.getRetired() ? ", retired" : ", not retired") + ", "
                + pension.getContributionMonths() + " months of contributions");
    }

    private PensionCase() {}
}
