package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One SDL file of a catalog: its name as problems name it (the path it was read from) and its text. The catalog
 * language (the directives and scalars) is govshare's own and is added to every catalog by the parser; a catalog's
 * files hold only its types and enums.
 */
public record CatalogFile(String name, String content) {
    /** The extension of catalog files in a folder. */
    public static final String EXTENSION = ".graphqls";

    /** The catalog language: directive and scalar declarations, in this module's {@code catalog/} resources. */
    static final List<String> LANGUAGE = List.of("directives.graphqls", "scalars.graphqls");

    /** The demo catalog shipped with this module (the built-in catalog), in {@code catalog/demo/}. */
    public static final List<String> DEMO =
            List.of("police.graphqls", "hrss.graphqls", "tax.graphqls", "medical.graphqls", "market.graphqls");

    public CatalogFile {
        requireNonNull(name, "name is null");
        requireNonNull(content, "content is null");
    }

    /** The catalog language files. */
    static List<CatalogFile> language() {
        return LANGUAGE.stream().map(name -> resource("catalog/" + name, name)).toList();
    }

    /** The built-in demo catalog: the five demo departments. */
    public static List<CatalogFile> demo() {
        return DEMO.stream()
                .map(name -> resource("catalog/demo/" + name, "catalog/demo/" + name))
                .toList();
    }

    /**
     * The catalog at {@code location} on the file system: that file, or every {@code *.graphqls} file of that folder
     * in name order. Each file is named by its path as {@code location} spells it.
     */
    public static List<CatalogFile> read(Path location) {
        try {
            if (!Files.isDirectory(location)) {
                return List.of(new CatalogFile(location.toString(), Files.readString(location)));
            }
            List<CatalogFile> files = new ArrayList<>();
            try (Stream<Path> entries = Files.list(location)) {
                for (Path file : entries.filter(
                                entry -> entry.getFileName().toString().endsWith(EXTENSION))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .toList()) {
                    files.add(new CatalogFile(file.toString(), Files.readString(file)));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog at " + location, e);
        }
    }

    private static CatalogFile resource(String resource, String name) {
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
