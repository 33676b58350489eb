package org.govshare.gateway.admin;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.audit.AdministrativeRecords;
import org.govshare.policy.model.Grant;
import org.govshare.policy.store.GrantCatalogCheck;
import org.govshare.policy.store.GrantsFile;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.store.PolicyVersion;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's grants as code: a grants file ({@link GrantsFile}) imported as one new policy version, with its
 * author and reason, through the same store, versioning and announcement as every grant change; and the grants in
 * force exported in the same format. An import is checked whole first, the file's format and each grant against the
 * catalog serving (no unknown field, nothing {@code NOT_SHARED}); a file with any problem changes nothing. Each grant
 * of the file is created or replaced; grants not in the file stay (a share request's grants live beside the
 * baseline); a grant is withdrawn by writing it with {@code status: REVOKED}. Imports are on the audit trail.
 */
public final class GrantBaseline {
    /** What an import did: the new policy version (none when no grant changed), the grants it changed or kept. */
    public record Imported(
            @Nullable PolicyVersion version, List<String> changed, List<String> unchanged, List<String> problems) {
        public Imported {
            changed = List.copyOf(changed);
            unchanged = List.copyOf(unchanged);
            problems = List.copyOf(problems);
        }

        public boolean imported() {
            return problems.isEmpty();
        }
    }

    private final JdbcPolicyAdministration administration;
    private final Supplier<Catalog> catalog;
    private final PolicyChanges changes;
    private final AdministrativeRecords audit;
    private final Clock clock;

    public GrantBaseline(
            JdbcPolicyAdministration administration,
            Supplier<Catalog> catalog,
            PolicyChanges changes,
            AdministrativeRecords audit,
            Clock clock) {
        this.administration = requireNonNull(administration, "administration is null");
        this.catalog = catalog;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    /** Imports a grants file as {@code author}, for {@code reason}. */
    public Imported importFile(String text, String author, String reason) throws SQLException {
        GrantsFile.Read read = GrantsFile.read(text);
        List<String> problems = new ArrayList<>(read.problems());
        if (problems.isEmpty()) {
            GrantCatalogCheck.problems(catalog.get(), read.grants())
                    .forEach(problem -> problems.add(problem.toString()));
        }
        if (!problems.isEmpty()) {
            audit.record(
                    author,
                    "importGrants refused: " + problems.size() + " problem(s): " + reason,
                    List.of("INVALID_ARGUMENT"));
            return new Imported(null, List.of(), List.of(), problems);
        }
        Map<String, Grant> current = new LinkedHashMap<>();
        administration.grants(null).forEach(grant -> current.put(grant.id(), grant));
        List<JdbcPolicyAdministration.Edit> edits = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Grant grant : read.grants()) {
            if (Objects.equals(current.get(grant.id()), grant)) {
                unchanged.add(grant.id());
            } else {
                changed.add(grant.id());
                edits.add(new JdbcPolicyAdministration.Put(grant));
            }
        }
        PolicyVersion version = null;
        if (!edits.isEmpty()) {
            version = administration.apply(edits, author, reason);
            changes.changed();
        }
        audit.record(
                author,
                "importGrants: " + (version == null ? "no grant changed" : "policy version " + version.version())
                        + ", changed " + changed + ": " + reason,
                List.of());
        return new Imported(version, changed, unchanged, List.of());
    }

    /** The grants on record, all or one consumer's, as a grants file. */
    public String export(@Nullable String consumer, String exportedBy) throws SQLException {
        List<String> header = List.of(
                "govshare grants, exported " + clock.instant() + " by " + exportedBy
                        + (consumer == null ? "" : " (consumer " + consumer + ")"),
                "Import with the admin API's importGrants (see docs/contract.md, Grants files).");
        return GrantsFile.write(administration.grants(consumer), header);
    }
}
