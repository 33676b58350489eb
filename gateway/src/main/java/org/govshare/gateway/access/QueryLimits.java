package org.govshare.gateway.access;

import org.jspecify.annotations.Nullable;

/**
 * Bounds on one operation, checked before anything runs: nesting depth, number of aliases, and number of fields
 * (fragments counted each time they are spread), which together bound the work a document can ask for.
 */
public record QueryLimits(int maximumDepth, int maximumAliases, int maximumFields) {
    public static final QueryLimits DEFAULT = new QueryLimits(8, 30, 500);

    /** A message naming the exceeded limit, or null when the operation is within all of them. */
    @Nullable
    String check(int depth, int aliases, int fields) {
        if (depth > maximumDepth) {
            return "The operation is nested deeper than " + maximumDepth + " levels";
        }
        if (aliases > maximumAliases) {
            return "The operation uses more than " + maximumAliases + " aliases";
        }
        if (fields > maximumFields) {
            return "The operation selects more than " + maximumFields + " fields";
        }
        return null;
    }
}
