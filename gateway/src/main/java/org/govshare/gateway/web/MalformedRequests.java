package org.govshare.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.govshare.gateway.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A body a controller could not read (the admin API's {@code POST /admin/graphql}): HTTP 400 with a GraphQL error,
 * logged once at DEBUG. The parser's own message stays in the log: it quotes the caller's input.
 */
@RestControllerAdvice
public class MalformedRequests {
    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(
            HttpServletRequest request, HttpMessageNotReadableException unreadable) {
        log.debug("refused an unreadable body at {}: {}", request.getRequestURI(), unreadable.getMessage());
        return ResponseEntity.badRequest()
                .contentType(RequestErrors.responseType(request))
                .body(RequestErrors.body(
                        ErrorCode.INVALID_ARGUMENT,
                        "The request body is not a JSON object {\"query\": \"…\"} of the expected types"));
    }
}
