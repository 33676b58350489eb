package org.govshare.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What the container refuses before any controller answers becomes a GraphQL error response with the contract's code,
 * in the media type the client accepts, never with an exception's message.
 */
class ErrorResponsesTest {
    private final ErrorResponses responses = new ErrorResponses();

    private static MockHttpServletRequest refused(
            @Nullable Integer status, @Nullable Throwable failure, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        if (status != null) {
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        }
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/graphql");
        if (failure != null) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        }
        request.addHeader("Accept", accept);
        return request;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyError(ResponseEntity<Map<String, Object>> response) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>)
                java.util.Objects.requireNonNull(response.getBody()).get("errors");
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private static Object code(Map<String, Object> error) {
        return ((Map<?, ?>) error.get("extensions")).get("code");
    }

    @Test
    void eachRefusalKeepsItsStatusAndGetsItsCode() {
        Map<Integer, String> codes = Map.of(
                404, "INVALID_ARGUMENT",
                405, "INVALID_ARGUMENT",
                415, "INVALID_ARGUMENT",
                406, "INVALID_ARGUMENT",
                401, "UNAUTHENTICATED",
                413, "QUERY_TOO_COMPLEX");
        codes.forEach((status, code) -> {
            ResponseEntity<Map<String, Object>> response =
                    responses.error(refused(status, null, "application/graphql-response+json"));

            assertThat(response.getStatusCode().value()).isEqualTo(status);
            assertThat(code(onlyError(response))).as("HTTP %d", status).isEqualTo(code);
            assertThat(response.getHeaders().getContentType())
                    .isEqualTo(MediaType.parseMediaType("application/graphql-response+json"));
            assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        });
    }

    @Test
    void aFailureIsInternalAndItsMessageStaysInTheLog() {
        ResponseEntity<Map<String, Object>> response = responses.error(refused(
                500, new IllegalStateException("password=hunter2 for jdbc:postgresql://police"), "application/json"));

        Map<String, Object> error = onlyError(response);
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(code(error)).isEqualTo("INTERNAL");
        assertThat(error.get("message")).isEqualTo("internal error");
        assertThat(response.getBody().toString()).doesNotContain("hunter2").doesNotContain("postgresql");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    }

    @Test
    void aRefusalWithoutAStatusIsTreatedAsAFailure() {
        ResponseEntity<Map<String, Object>> response = responses.error(refused(null, null, "*/*"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(code(onlyError(response))).isEqualTo("INTERNAL");
    }
}
