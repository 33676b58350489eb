package example.kyc;

import com.netflix.graphql.dgs.client.codegen.GraphQLQueryRequest;
import example.kyc.govshare.client.VerifyResidentGraphQLQuery;
import example.kyc.govshare.client.VerifyResidentProjectionRoot;
import example.kyc.govshare.types.ClaimOutcome;
import example.kyc.govshare.types.ResidentClaims;
import example.kyc.govshare.types.Verification;
import graphql.scalars.ExtendedScalars;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Account opening (KYC): does this ID number belong to this name and birth date? The bank never reads either; the
 * resident register answers MATCH, MISMATCH or NO_RECORD. Every type below was generated from the schema govshare
 * shows the bank under ACCOUNT_OPENING_KYC: there is no {@code resident} lookup to call, only {@code verifyResident}.
 *
 * <p>Usage: {@code GOVSHARE_URL=http://localhost:8080 GOVSHARE_TOKEN=… KycCheck <ID number> <name> <birth date>}
 */
public final class KycCheck {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        VerifyResidentProjectionRoot<?, ?> answer = new VerifyResidentProjectionRoot<>();
        answer.outcome();
        answer.claims().claim().outcome();
        GraphQLQueryRequest request = new GraphQLQueryRequest(
                VerifyResidentGraphQLQuery.newRequest()
                        .idNumber(args[0])
                        .claims(ResidentClaims.newBuilder()
                                .name(args[1])
                                .birthDate(LocalDate.parse(args[2]))
                                .build())
                        .build(),
                answer,
                Map.of(LocalDate.class, ExtendedScalars.Date.getCoercing()));

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(System.getenv("GOVSHARE_URL") + "/graphql"))
                                .header("Authorization", "Bearer " + System.getenv("GOVSHARE_TOKEN"))
                                .header("X-Purpose", "ACCOUNT_OPENING_KYC")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(Map.of("query", request.serialize()))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (body.has("errors")) {
            throw new IllegalStateException("govshare refused: " + body.get("errors"));
        }
        Verification verification = JSON.treeToValue(body.at("/data/verifyResident"), Verification.class);
        System.out.println(verification.getOutcome() + " ("
                + verification.getClaims().stream()
                        .map((ClaimOutcome claim) -> claim.getClaim() + " " + claim.getOutcome())
                        .collect(Collectors.joining(", "))
                + ")");
    }

    private KycCheck() {}
}
