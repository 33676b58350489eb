package org.govshare.schema.catalog;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates the verification part of the public schema from the keyed types: for each type {@code T} a claims input
 * {@code TClaims} (equality for every shared column field, {@code <field>AtLeast} / {@code <field>AtMost} for numbers
 * and dates, nested claims across relations) and a root field {@code verifyT(<key>, claims: TClaims!)}, plus the
 * shared result types. No per-type code: a new keyed type is verifiable as soon as it is in the catalog.
 */
final class VerificationDefinitions {
    static final String OUTCOME = "Outcome";
    static final String VERIFICATION = "Verification";
    static final String CLAIM_OUTCOME = "ClaimOutcome";
    private static final Set<ValueKind> ORDERED = Set.of(ValueKind.INT, ValueKind.DECIMAL, ValueKind.DATE);

    /** What was generated: the claims inputs by type, the root fields, and the definitions to add to the schema. */
    record Generated(
            Map<String, ClaimsInput> claimsInputs,
            List<VerifyField> verifyFields,
            List<Definition<?>> definitions,
            List<FieldDefinition> queryFields) {}

    private VerificationDefinitions() {}

    static Generated generate(Map<String, CatalogType> types, Map<String, ObjectTypeDefinition> objects) {
        for (String reserved : List.of(OUTCOME, VERIFICATION, CLAIM_OUTCOME)) {
            if (objects.containsKey(reserved)) {
                throw new CatalogException(
                        Location.of(objects.get(reserved).getSourceLocation()),
                        "type " + reserved + " is reserved for verification results");
            }
        }
        Map<String, ClaimsInput> inputs = new LinkedHashMap<>();
        for (CatalogType type : types.values()) {
            inputs.put(type.name(), ownClaims(type, objects));
        }
        // Relations are added once every type's own claims are known, so a relation may lead to any type.
        for (CatalogType type : types.values()) {
            Map<String, RelatedClaims> related = related(type, types, inputs);
            ClaimsInput own = inputs.get(type.name());
            for (String name : related.keySet()) {
                if (own.claims().containsKey(name)) {
                    throw new CatalogException(
                            type.fields().get(related.get(name).relation()).location(),
                            type.name() + " has a claim named " + name + " twice");
                }
            }
            inputs.put(type.name(), new ClaimsInput(type.name(), own.inputType(), own.claims(), related));
        }
        inputs.values()
                .removeIf(input -> input.claims().isEmpty() && input.related().isEmpty());

        StringBuilder sdl = new StringBuilder(SHARED_TYPES);
        List<VerifyField> verifyFields = new ArrayList<>();
        StringBuilder query = new StringBuilder("type Query {\n");
        for (ClaimsInput input : inputs.values()) {
            CatalogType type = types.get(input.type());
            appendInput(sdl, type, input, objects.get(type.name()), inputs);
            String fieldName = "verify" + type.name();
            reject(objects.get(input.inputType()), input.inputType());
            query.append("  \"Checks claims about one ")
                    .append(type.name())
                    .append(" at its source: only MATCH, MISMATCH or NO_RECORD comes back, never a value.\"\n  ")
                    .append(fieldName)
                    .append('(');
            for (String key : type.keyFields()) {
                query.append(key)
                        .append(": ")
                        .append(typeName(objects.get(type.name()), key))
                        .append("!, ");
            }
            query.append("claims: ")
                    .append(input.inputType())
                    .append("!): ")
                    .append(VERIFICATION)
                    .append('\n');
            verifyFields.add(new VerifyField(fieldName, type.name(), type.location()));
        }
        query.append("}\n");
        List<Definition<?>> definitions = new ArrayList<>();
        for (Definition<?> definition : parse(sdl.toString()).getDefinitions()) {
            definitions.add(definition);
        }
        List<FieldDefinition> queryFields = verifyFields.isEmpty()
                ? List.of()
                : ((ObjectTypeDefinition)
                                parse(query.toString()).getDefinitions().get(0))
                        .getFieldDefinitions();
        return new Generated(inputs, verifyFields, definitions, queryFields);
    }

    private static ClaimsInput ownClaims(CatalogType type, Map<String, ObjectTypeDefinition> objects) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        for (CatalogField field : type.fields().values()) {
            if (!(field instanceof ColumnField column) || !claimable(column)) {
                continue;
            }
            add(claims, new Claim(column.name(), column.name(), Comparison.EQUALS), type, column);
            if (ORDERED.contains(column.kind())) {
                add(claims, new Claim(column.name() + "AtLeast", column.name(), Comparison.AT_LEAST), type, column);
                add(claims, new Claim(column.name() + "AtMost", column.name(), Comparison.AT_MOST), type, column);
            }
        }
        return new ClaimsInput(type.name(), type.name() + "Claims", claims, Map.of());
    }

    private static void add(Map<String, Claim> claims, Claim claim, CatalogType type, ColumnField field) {
        if (claims.putIfAbsent(claim.name(), claim) != null) {
            throw new CatalogException(field.location(), type.name() + " has a claim named " + claim.name() + " twice");
        }
    }

    private static Map<String, RelatedClaims> related(
            CatalogType type, Map<String, CatalogType> types, Map<String, ClaimsInput> inputs) {
        Map<String, RelatedClaims> related = new LinkedHashMap<>();
        for (CatalogField field : type.fields().values()) {
            if (!(field instanceof RelationField relation)
                    || relation.claim().isEmpty()
                    || relation.sharing().shareType() == ShareType.NOT_SHARED) {
                continue;
            }
            CatalogType target = types.get(relation.targetType());
            ClaimsInput targetClaims = inputs.get(target.name());
            List<String> selectors = target.keyFields()
                    .subList(relation.columns().size(), target.keyFields().size());
            boolean selectable = selectors.stream()
                    .allMatch(selector -> targetClaims.claims().containsKey(selector));
            if (targetClaims.claims().isEmpty() || !selectable) {
                continue;
            }
            related.put(
                    relation.claim().get(),
                    new RelatedClaims(relation.claim().get(), relation.name(), target.name(), selectors));
        }
        return related;
    }

    private static boolean claimable(ColumnField column) {
        return column.sharing().shareType() != ShareType.NOT_SHARED;
    }

    private static void appendInput(
            StringBuilder sdl,
            CatalogType type,
            ClaimsInput input,
            ObjectTypeDefinition object,
            Map<String, ClaimsInput> inputs) {
        sdl.append("\"Claims about one ")
                .append(type.name())
                .append(", each checked at its source. Strings compare after Unicode NFC normalisation and trimming;"
                        + " identifiers are normalised and checked.\"\ninput ")
                .append(input.inputType())
                .append(" {\n");
        for (Claim claim : input.claims().values()) {
            String what =
                    switch (claim.comparison()) {
                        case EQUALS -> "equals";
                        case AT_LEAST -> "is at least";
                        case AT_MOST -> "is at most";
                    };
            sdl.append("  \"")
                    .append(type.name())
                    .append('.')
                    .append(claim.field())
                    .append(' ')
                    .append(what)
                    .append(" this value.\"\n  ")
                    .append(claim.name())
                    .append(": ")
                    .append(typeName(object, claim.field()))
                    .append('\n');
        }
        for (RelatedClaims related : input.related().values()) {
            sdl.append("  \"Claims about the ")
                    .append(related.targetType())
                    .append(" of ")
                    .append(type.name())
                    .append('.')
                    .append(related.relation());
            if (!related.selectorFields().isEmpty()) {
                sdl.append("; ")
                        .append(String.join(", ", related.selectorFields()))
                        .append(" must be given and pick the record");
            }
            sdl.append(".\"\n  ")
                    .append(related.name())
                    .append(": ")
                    .append(inputs.get(related.targetType()).inputType())
                    .append('\n');
        }
        sdl.append("}\n\n");
    }

    private static void reject(ObjectTypeDefinition object, String name) {
        if (object != null) {
            throw new CatalogException(
                    Location.of(object.getSourceLocation()), "type " + name + " is reserved for verification claims");
        }
    }

    private static String typeName(ObjectTypeDefinition object, String field) {
        Type<?> type = object.getFieldDefinitions().stream()
                .filter(definition -> definition.getName().equals(field))
                .findFirst()
                .orElseThrow()
                .getType();
        while (!(type instanceof TypeName)) {
            type = type instanceof NonNullType nonNull ? nonNull.getType() : ((ListType) type).getType();
        }
        return ((TypeName) type).getName();
    }

    private static Document parse(String sdl) {
        return Parser.parse(ParserEnvironment.newParserEnvironment()
                .document(sdl)
                .parserOptions(ParserOptions.getDefaultSdlParserOptions())
                .build());
    }

    private static final String SHARED_TYPES = """
            "The answer to a claim, checked at the source that holds the value."
            enum Outcome {
              "The claim holds."
              MATCH
              "The claim does not hold (also when the related record or the value is absent)."
              MISMATCH
              "The subject of the verification does not exist (or not among the records the caller may see)."
              NO_RECORD
            }

            "The result of a verification: MATCH only when every claim matches; NO_RECORD when the subject does not exist."
            type Verification {
              outcome: Outcome!
              "Every claim, in the order of the claims input."
              claims: [ClaimOutcome!]!
            }

            "One claim, named by its input path (name, pension.retired, income.annualIncomeAtMost), and its outcome."
            type ClaimOutcome {
              claim: String!
              outcome: Outcome!
            }

            """;
}
