package org.govshare.gateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.govshare.schema.catalog.CatalogFile;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Where the catalog's SDL files are ({@code govshare.catalog.location}): one or more comma-separated files or
 * folders, on the file system or on the class path ({@code classpath:}); a folder contributes its {@code *.graphqls}
 * files in name order. Each file is named by the path it was read from, so a problem points at it. Without a location
 * the catalog is the built-in demo catalog (the demo profile only: production refuses to start without one).
 */
public final class CatalogLocation {
    private static final String CLASSPATH = "classpath:";

    private final @Nullable String location;
    private final ResourcePatternResolver resolver;

    public CatalogLocation(@Nullable String location, ResourcePatternResolver resolver) {
        this.location = location == null || location.isBlank() ? null : location.strip();
        this.resolver = resolver;
    }

    /** A location read from the file system and class path of this process. */
    public static CatalogLocation of(@Nullable String location) {
        return new CatalogLocation(location, new PathMatchingResourcePatternResolver());
    }

    /** The location as configured, or a note that it is the built-in demo catalog. */
    public String describe() {
        return location == null ? "the built-in demo catalog" : location;
    }

    /** The catalog's files as they are now; a location that does not exist or holds no file is an error. */
    public List<CatalogFile> read() {
        if (location == null) {
            return CatalogFile.demo();
        }
        List<CatalogFile> files = new ArrayList<>();
        for (String entry : location.split(",")) {
            String trimmed = entry.strip();
            if (!trimmed.isEmpty()) {
                files.addAll(
                        trimmed.startsWith(CLASSPATH)
                                ? classpath(trimmed.substring(CLASSPATH.length()))
                                : file(trimmed));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "govshare.catalog.location " + location + " holds no *" + CatalogFile.EXTENSION + " file");
        }
        return files;
    }

    private static List<CatalogFile> file(String entry) {
        Path path = Path.of(entry.startsWith("file:") ? entry.substring("file:".length()) : entry);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("govshare.catalog.location names " + path + ", which does not exist");
        }
        return CatalogFile.read(path);
    }

    private List<CatalogFile> classpath(String entry) {
        String path = entry.startsWith("/") ? entry.substring(1) : entry;
        try {
            if (path.endsWith(CatalogFile.EXTENSION)) {
                Resource resource = resolver.getResource(CLASSPATH + path);
                if (!resource.exists()) {
                    throw new IllegalArgumentException(
                            "govshare.catalog.location names classpath:" + path + ", which does not exist");
                }
                return List.of(new CatalogFile(path, content(resource)));
            }
            String folder = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            Resource[] resources = resolver.getResources("classpath*:" + folder + "/*" + CatalogFile.EXTENSION);
            List<CatalogFile> files = new ArrayList<>();
            for (Resource resource : Arrays.stream(resources)
                    .sorted(Comparator.comparing(resource -> String.valueOf(resource.getFilename())))
                    .toList()) {
                files.add(new CatalogFile(folder + "/" + resource.getFilename(), content(resource)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog at classpath:" + path, e);
        }
    }

    private static String content(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
