package org.govshare.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.govshare.gateway.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Whatever the servlet container or Spring MVC refuses before a controller answers (an unknown path, a wrong method or
 * media type, an unreadable request) is answered here, as a GraphQL response with the contract's code and the HTTP
 * status of the refusal: never an empty page, never a stack trace or an exception's message. One DEBUG line per
 * refusal: a client's malformed request is the client's problem, not the operator's.
 */
@Controller
public class ErrorResponses implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ErrorCode code;
        String message;
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            code = ErrorCode.QUERY_TOO_COMPLEX;
            message = "The request is too large";
        } else if (status == HttpStatus.UNAUTHORIZED) {
            code = ErrorCode.UNAUTHENTICATED;
            message = "Authentication required: a valid bearer token";
        } else if (status.is5xxServerError()) {
            code = ErrorCode.INTERNAL;
            message = "internal error";
            log.error("{} {} failed before any GraphQL operation ran", request.getMethod(), path, failure);
        } else {
            code = ErrorCode.INVALID_ARGUMENT;
            message = message(status);
        }
        if (!status.is5xxServerError()) {
            log.debug("refused {} {}: {}", request.getMethod(), path, status);
        }
        return ResponseEntity.status(status)
                .contentType(RequestErrors.responseType(request))
                .cacheControl(CacheControl.noStore())
                .body(RequestErrors.body(code, message));
    }

    private static HttpStatus status(Object code) {
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    /** What the client did wrong, in words that name nothing of the gateway's inside. */
    private static String message(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No such endpoint: GraphQL requests go to POST /graphql";
            case METHOD_NOT_ALLOWED -> "Method not allowed here: GraphQL requests are POST";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported content type: send application/json";
            case NOT_ACCEPTABLE ->
                "Not acceptable: GraphQL responses are application/graphql-response+json or application/json";
            case FORBIDDEN -> "Forbidden";
            default -> "Bad request (" + status.getReasonPhrase() + ")";
        };
    }
}
