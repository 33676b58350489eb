package org.govshare.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.error.ErrorCode;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The body of a refusal made before any GraphQL document runs (a malformed request, an unknown path, a wrong method):
 * a GraphQL response with one error and the contract's code, in the media type the client asked for, so that every
 * GraphQL client can show it as it shows any other error.
 */
public final class RequestErrors {
    private static final List<MediaType> RESPONSE_TYPES =
            List.of(MediaTypes.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON);

    private RequestErrors() {}

    /** {@code {"errors":[{"message": …, "extensions":{"code": …}}]}}. */
    public static Map<String, Object> body(ErrorCode code, String message) {
        return Map.of("errors", List.of(error(code, message)));
    }

    /** One error in its GraphQL response form, its members in the specification's order. */
    public static Map<String, Object> error(ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", code.extensions());
        return error;
    }

    /**
     * Writes such a response directly, where no controller runs (a security filter). The message is the gateway's own
     * text, never the caller's input.
     */
    public static void write(
            HttpServletRequest request, HttpServletResponse response, int status, ErrorCode code, String message)
            throws IOException {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.setStatus(status);
        response.setContentType(responseType(request).toString());
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream()
                .write(("{\"errors\":[{\"message\":\"" + escaped + "\",\"extensions\":{\"code\":\"" + code.name()
                                + "\"}}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The response media type GraphQL over HTTP prescribes for this request: the first of
     * {@code application/graphql-response+json} and {@code application/json} the client accepts, else JSON.
     */
    public static MediaType responseType(HttpServletRequest request) {
        try {
            for (MediaType accepted : MediaType.parseMediaTypes(request.getHeader("Accept"))) {
                for (MediaType candidate : RESPONSE_TYPES) {
                    if (candidate.equalsTypeAndSubtype(accepted)) {
                        return candidate;
                    }
                }
            }
        } catch (InvalidMediaTypeException e) {
            // A malformed Accept header accepts nothing in particular: the default below.
        }
        return MediaType.APPLICATION_JSON;
    }
}
