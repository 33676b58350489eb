package org.govshare.gateway.admin;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls the admin API: the authority ({@code gateway.admin}) or the stewards of some sources
 * ({@code steward:<source>}).
 */
record AdminCaller(String subject, boolean authority, Set<String> stewardOf) {
    AdminCaller {
        stewardOf = Set.copyOf(stewardOf);
    }

    static AdminCaller of(String subject, Set<String> scopes) {
        Set<String> sources = new TreeSet<>();
        for (String scope : scopes) {
            if (scope.startsWith("steward:")) {
                sources.add(scope.substring("steward:".length()));
            }
        }
        return new AdminCaller(subject, scopes.contains("gateway.admin"), sources);
    }
}
