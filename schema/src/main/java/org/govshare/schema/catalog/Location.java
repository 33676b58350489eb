package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import graphql.language.SourceLocation;
import org.jspecify.annotations.Nullable;

/** Where a catalog element is defined: SDL file, line and column, for error messages that point at the cause. */
public record Location(String file, int line, int column) {
    public Location {
        requireNonNull(file, "file is null");
    }

    static Location of(@Nullable SourceLocation sourceLocation) {
        if (sourceLocation == null) {
            return new Location("<unknown>", 0, 0);
        }
        String name = sourceLocation.getSourceName();
        return new Location(name == null ? "<unknown>" : name, sourceLocation.getLine(), sourceLocation.getColumn());
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
