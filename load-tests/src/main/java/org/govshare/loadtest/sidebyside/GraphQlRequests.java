package org.govshare.loadtest.sidebyside;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GraphQL-over-HTTP requests with variables, prepared as bytes, one per sampled subject. */
final class GraphQlRequests {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private GraphQlRequests() {}

    static String body(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return JSON.writeValueAsString(body);
    }

    static List<byte[]> perSubject(
            InetSocketAddress address,
            String path,
            Map<String, String> headers,
            String document,
            List<Subject> subjects,
            Function<Subject, Map<String, Object>> variables) {
        return subjects.stream()
                .map(subject -> HttpTarget.post(address, path, headers, body(document, variables.apply(subject))))
                .toList();
    }

    static Map<String, Object> idOf(Subject subject) {
        return Map.of("id", subject.idNumber());
    }

    /** True for a GraphQL answer with data and no errors. */
    static boolean isData(String body) {
        return body.startsWith("{\"data\"") && !body.contains("\"errors\"");
    }

    static JsonNode parse(String body) {
        return JSON.readTree(body);
    }
}
