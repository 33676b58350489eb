package org.govshare.schema.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the public SDL of the built-in demo catalog (generated root fields, connection and verification types
 * included) to the file named by the first argument. The build runs it before DGS codegen, so that the generated client
 * types cover the root fields the catalog derives, not only the types written by hand.
 */
public final class DemoCatalogSdl {
    private DemoCatalogSdl() {}

    public static void main(String[] arguments) throws IOException {
        if (arguments.length != 1) {
            throw new IllegalArgumentException("usage: DemoCatalogSdl <output file>");
        }
        Path output = Path.of(arguments[0]);
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        String sdl = CatalogParser.anySource().parse(CatalogFile.demo()).publicSdl();
        // Unchanged output keeps the file's time, so codegen sees nothing to regenerate.
        if (!Files.exists(output) || !Files.readString(output).equals(sdl)) {
            Files.writeString(output, sdl);
        }
    }
}
