package org.govshare.loadtest.sidebyside;

/** The side-by-side workloads, as the demo clients send them (DESIGN.md, "Demo clients"). */
public enum Workload {
    W1("key lookup", "`resident(idNumber:) { name birthDate regionCode }` as dongguan-window, PENSION_EXTENSION"),
    W2(
            "cross-source",
            "`resident(idNumber:) { name pension { status retired } incomes(year: 2024) { annualIncome } }` (police +"
                    + " hrss on PostgreSQL, tax on MariaDB) as dongguan-window under the benchmark grant"),
    W3(
            "verification",
            "`verifyResident(idNumber:, claims: {name:, birthDate:}) { outcome }` as bank-kyc, ACCOUNT_OPENING_KYC,"
                    + " true claims only"),
    W4(
            "listing with row filter and masks",
            "`residents(regionCode: \"441900\", first: 50) { edges { node { idNumber name address } } }` as"
                    + " street-office-441900 (regions 4419…, ID number and address masked)"),
    W1_LITERAL(
            "key lookup, literal value",
            "W1 with the ID number written into the document text instead of a variable: every request a different"
                    + " text, as clients that do not use variables send it"),
    W5("refusal", "dongguan-window asking `resident { name address }`: FORBIDDEN_FIELD, no source touched"),
    W6("cold shapes", "documents the gateway has not seen: parse, validate, decide and (mostly) plan per request");

    private final String title;
    private final String description;

    Workload(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
