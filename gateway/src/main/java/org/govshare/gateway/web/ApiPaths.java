package org.govshare.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

/** The paths of the API (GraphQL and admin), which the web filters bound, read and admit; not health or metrics. */
final class ApiPaths {
    private ApiPaths() {}

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/graphql") || path.startsWith("/admin/");
    }
}
