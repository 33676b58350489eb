package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One SDL file of the catalog: its name (for error messages) and its text. */
public record CatalogFile(String name, String content) {
    /** The demo catalog shipped with this module, in dependency-free order. */
    public static final List<String> BUILT_IN = List.of(
            "directives.graphqls",
            "scalars.graphqls",
            "police.graphqls",
            "hrss.graphqls",
            "tax.graphqls",
            "medical.graphqls",
            "market.graphqls",
            "query.graphqls");

    public CatalogFile {
        requireNonNull(name, "name is null");
        requireNonNull(content, "content is null");
    }

    /** The built-in demo catalog, read from this module's {@code catalog/} resources. */
    public static List<CatalogFile> builtIn() {
        return BUILT_IN.stream().map(CatalogFile::builtIn).toList();
    }

    private static CatalogFile builtIn(String name) {
        String resource = "catalog/" + name;
        try (InputStream in = CatalogFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog resource " + resource);
            }
            return new CatalogFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
