package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Claims about the record a relation leads to, checked at the related type's own source ({@code pension: {retired:
 * true}}). A list relation names one of its records through {@code selectorFields}: the target's key fields that the
 * relation's columns do not bind ({@code income: {year: 2024, annualIncomeAtMost: 50000}}), which are then required
 * and are not claims themselves.
 */
public record RelatedClaims(String name, String relation, String targetType, List<String> selectorFields) {
    public RelatedClaims {
        requireNonNull(name, "name is null");
        requireNonNull(relation, "relation is null");
        requireNonNull(targetType, "targetType is null");
        selectorFields = List.copyOf(selectorFields);
    }
}
