package org.govshare.gateway.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.govshare.policy.model.Grant;
import org.govshare.policy.store.GrantsFile;

/**
 * The demo clients' grants, read from the one grants file they are defined in ({@code classpath:grants/demo.yml}),
 * for the tests and benchmarks that need to know what a demo client may do.
 */
public final class DemoGrants {
    /** Where the file is on the class path. */
    public static final String LOCATION = "grants/demo.yml";

    private DemoGrants() {}

    /** Every demo grant, in file order. */
    public static List<Grant> all() {
        try (InputStream in = Objects.requireNonNull(
                DemoGrants.class.getClassLoader().getResourceAsStream(LOCATION), LOCATION + " is missing")) {
            GrantsFile.Read read = GrantsFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!read.problems().isEmpty()) {
                throw new IllegalStateException(LOCATION + ": " + read.problems());
            }
            return read.grants();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo grant of {@code consumer} for {@code purpose}. */
    public static Grant of(String consumer, String purpose) {
        return all().stream()
                .filter(grant ->
                        grant.consumer().equals(consumer) && grant.purpose().equals(purpose))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo grant of " + consumer + " for " + purpose));
    }
}
