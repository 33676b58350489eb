package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed catalog: keyed types bound to sources, the root fields (lookups, pages and the generated verifications),
 * the claims each type can be verified by, and the public SDL (the same definitions with every catalog directive
 * removed, plus the verification types), which is what consumers see.
 */
public final class Catalog {
    private final Map<String, CatalogType> types;
    private final Map<String, RootField> rootFields;
    private final Map<String, ClaimsInput> claimsInputs;
    private final Map<String, ClaimsInput> claimsInputsByInputType;
    private final Document publicDocument;
    private final String publicSdl;

    Catalog(
            Map<String, CatalogType> types,
            Map<String, RootField> rootFields,
            Map<String, ClaimsInput> claimsInputs,
            Document publicDocument) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.rootFields = Collections.unmodifiableMap(new LinkedHashMap<>(rootFields));
        this.claimsInputs = Collections.unmodifiableMap(new LinkedHashMap<>(claimsInputs));
        Map<String, ClaimsInput> byInputType = new LinkedHashMap<>();
        claimsInputs.values().forEach(input -> byInputType.put(input.inputType(), input));
        this.claimsInputsByInputType = Collections.unmodifiableMap(byInputType);
        this.publicDocument = requireNonNull(publicDocument, "publicDocument is null");
        this.publicSdl = AstPrinter.printAst(publicDocument);
    }

    public Map<String, CatalogType> types() {
        return types;
    }

    public Optional<CatalogType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public CatalogType requireType(String name) {
        CatalogType type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("no catalog type " + name);
        }
        return type;
    }

    public Map<String, RootField> rootFields() {
        return rootFields;
    }

    /** The claims input of each verifiable type, by type name. */
    public Map<String, ClaimsInput> claimsInputs() {
        return claimsInputs;
    }

    /** The claims input named {@code inputType} ({@code ResidentClaims}), if it is one. */
    public Optional<ClaimsInput> claimsInputNamed(String inputType) {
        return Optional.ofNullable(claimsInputsByInputType.get(inputType));
    }

    public Set<String> sourceNames() {
        Set<String> names = new LinkedHashSet<>();
        types.values().forEach(type -> names.add(type.source()));
        return Collections.unmodifiableSet(names);
    }

    /** The tables the catalog binds, by source. */
    public Map<String, Set<String>> tablesBySource() {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        types.values().forEach(type -> tables.computeIfAbsent(type.source(), source -> new LinkedHashSet<>())
                .add(type.table().table()));
        return Collections.unmodifiableMap(tables);
    }

    /** A fresh registry of the public definitions (a registry is mutable, so every caller gets its own). */
    public TypeDefinitionRegistry publicDefinitions() {
        return new SchemaParser().buildRegistry(publicDocument);
    }

    /** The public SDL: the catalog's definitions without catalog directives, as consumers see them. */
    public String publicSdl() {
        return publicSdl;
    }
}
