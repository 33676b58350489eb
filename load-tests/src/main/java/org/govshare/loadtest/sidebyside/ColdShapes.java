package org.govshare.loadtest.sidebyside;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * W6's documents: each one new to the gateway (its own operation name), selecting a random subset of the resident,
 * pension, income and medical fields the benchmark grant allows. A document needs a new source plan when one of its
 * per-source field sets has not been asked before in the run (W1, W2 and W4 included); the rest hit cached plans
 * but still miss the document cache (parse, validate, access decision).
 */
final class ColdShapes {
    private static final List<String> RESIDENT =
            List.of("idNumber", "name", "gender", "birthDate", "ethnicity", "regionCode", "address");
    private static final List<String> PENSION =
            List.of("status", "retired", "retirementDate", "monthlyAmount", "contributionMonths", "regionCode");
    private static final List<String> INCOME = List.of("year", "annualIncome", "taxPaid");
    private static final List<String> MEDICAL = List.of("plan", "status");

    private ColdShapes() {}

    /** One cold document and whether it needs at least one new source plan. */
    record Shape(String document, boolean newPlan) {
        Shape {
            java.util.Objects.requireNonNull(document, "document is null");
        }
    }

    static List<Shape> generate(int count) {
        Random random = new Random(42);
        // Field sets already planned by the earlier workloads of the same gateway process.
        Set<String> planned = new HashSet<>(Set.of(
                "resident:birthDate,name,regionCode",
                "resident:name+relations",
                "pension:retired,status",
                "incomes(2024):annualIncome",
                "residents:address,idNumber,name"));
        List<Shape> shapes = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            List<String> residentFields = subset(random, RESIDENT, 1);
            StringBuilder selection = new StringBuilder(String.join(" ", residentFields));
            boolean newPlan = false;
            if (random.nextBoolean()) {
                List<String> fields = subset(random, PENSION, 1);
                newPlan |= planned.add("pension:" + key(fields));
                selection.append(" pension { ").append(String.join(" ", fields)).append(" }");
            }
            if (random.nextInt(3) == 0) {
                List<String> fields = subset(random, INCOME, 1);
                boolean byYear = random.nextBoolean();
                newPlan |= planned.add((byYear ? "incomes(2024):" : "incomes:") + key(fields));
                selection
                        .append(byYear ? " incomes(year: 2024) { " : " incomes { ")
                        .append(String.join(" ", fields))
                        .append(" }");
            }
            if (random.nextInt(4) == 0) {
                List<String> fields = subset(random, MEDICAL, 1);
                newPlan |= planned.add("medical:" + key(fields));
                selection
                        .append(" medicalInsurance { ")
                        .append(String.join(" ", fields))
                        .append(" }");
            }
            // With a relation the resident's plan also reads the key, so it is a plan of its own.
            boolean relations = selection.indexOf("{") >= 0;
            newPlan |= planned.add("resident:" + key(residentFields) + (relations ? "+relations" : ""));
            shapes.add(new Shape(
                    "query Cold" + index + "($id: ID!) { resident(idNumber: $id) { " + selection + " } }", newPlan));
        }
        return List.copyOf(shapes);
    }

    private static List<String> subset(Random random, List<String> fields, int minimum) {
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < minimum) {
            chosen.clear();
            for (String field : fields) {
                if (random.nextBoolean()) {
                    chosen.add(field);
                }
            }
        }
        return chosen;
    }

    private static String key(List<String> fields) {
        return String.join(",", fields.stream().sorted().toList());
    }
}
