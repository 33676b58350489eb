package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A catalog that cannot be used: every problem found, each naming its SDL file, line and cause (one per line of the
 * message), so an operator fixes them all in one pass.
 */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<CatalogProblem> problems;

    public CatalogException(Location location, String cause) {
        this(List.of(new CatalogProblem(location, cause)));
    }

    public CatalogException(List<CatalogProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<CatalogProblem> problems) {
        if (requireNonNull(problems, "problems is null").isEmpty()) {
            throw new IllegalArgumentException("a catalog exception needs at least one problem");
        }
        return problems.stream().map(CatalogProblem::toString).collect(Collectors.joining("\n"));
    }

    /** Every problem, in the order of the files and lines they were found at. */
    public List<CatalogProblem> problems() {
        return problems;
    }

    /** Where the first problem is. */
    public Location location() {
        return problems.get(0).location();
    }
}
