package org.govshare.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;

/**
 * Per-request cost of the access decision as the policy base grows: the same caller and operation decided against
 * the demo-size base (a handful of consumers) and against 10,000 consumers with 5 grants each over a generated
 * catalog of 2,000 types and 40,000 fields. Both bases are measured in the same run, interleaved.
 *
 * <p>{@code ./mvnw -B -Pbenchmark -pl load-tests -am verify} runs it after the read-path benchmark.
 */
public final class PolicyDecisionBenchmark {
    private static final int TYPES = 2_000;
    private static final int FIELDS_PER_TYPE = 20;
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private PolicyDecisionBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path output = args.length >= 2 && args[0].equals("--output") ? Path.of(args[1]) : null;
        SplittableRandom random = new SplittableRandom(11);
        PolicySnapshot small = snapshot(8, random);
        PolicySnapshot large = snapshot(10_000, random);
        List<FieldUse> uses = operation();
        System.out.printf(
                Locale.ROOT,
                "policy decision benchmark: %d vs %,d consumers (5 grants each), %,d fields%n",
                small.consumerCount(),
                large.consumerCount(),
                TYPES * FIELDS_PER_TYPE);

        for (int i = 0; i < 200_000; i++) {
            decide(small, uses);
            decide(large, uses);
        }
        Histogram smallCost = new Histogram(3);
        Histogram largeCost = new Histogram(3);
        List<Double> ratios = new ArrayList<>();
        int rounds = 7;
        for (int round = 1; round <= rounds; round++) {
            Histogram smallRound = new Histogram(3);
            Histogram largeRound = new Histogram(3);
            for (int block = 0; block < 1_000; block++) {
                time(small, uses, smallRound);
                time(large, uses, largeRound);
            }
            smallCost.add(smallRound);
            largeCost.add(largeRound);
            double ratio = (double) largeRound.getValueAtPercentile(50) / smallRound.getValueAtPercentile(50);
            ratios.add(ratio);
            System.out.printf(
                    Locale.ROOT,
                    "round %d/%d: demo-size p50 %.2f µs, large p50 %.2f µs, ratio %.2f%n",
                    round,
                    rounds,
                    smallRound.getValueAtPercentile(50) / 1e3,
                    largeRound.getValueAtPercentile(50) / 1e3,
                    ratio);
        }
        Collections.sort(ratios);
        double median = ratios.get(ratios.size() / 2);
        String report = String.format(
                Locale.ROOT,
                """
                ## Access decision: cost as the policy base grows

                %s, %d cores, Java %s. The same operation (8 field uses on the caller's own grants) decided for the same
                caller against a demo-size base (%d consumers) and a large one (%,d consumers x 5 grants, catalog of
                %,d types / %,d fields); %d rounds x 100,000 decisions per side per round, interleaved in blocks of 100.

                | policy base | p50 | p90 | p99 |
                |---|---|---|---|
                | demo size | %.2f µs | %.2f µs | %.2f µs |
                | 10,000 consumers x 5 grants | %.2f µs | %.2f µs | %.2f µs |

                Ratio large ÷ demo-size at the median: **%.2f** (median of %d round ratios, spread %.2f … %.2f).
                Target ≤ 1.1: %s. The caller's schema is cached per (consumer, purpose, policy version), so building it
                is not part of the per-request cost.

                Reproduce: `./mvnw -B -Pbenchmark -pl load-tests -am verify`
                """,
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                small.consumerCount(),
                large.consumerCount(),
                TYPES,
                TYPES * FIELDS_PER_TYPE,
                rounds,
                smallCost.getValueAtPercentile(50) / 1e3,
                smallCost.getValueAtPercentile(90) / 1e3,
                smallCost.getValueAtPercentile(99) / 1e3,
                largeCost.getValueAtPercentile(50) / 1e3,
                largeCost.getValueAtPercentile(90) / 1e3,
                largeCost.getValueAtPercentile(99) / 1e3,
                median,
                ratios.size(),
                ratios.get(0),
                ratios.get(ratios.size() - 1),
                median <= 1.1 ? "met" : String.format(Locale.ROOT, "MISSED by %.2f", median - 1.1));
        System.out.println(report);
        if (output != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report, StandardCharsets.UTF_8);
            System.out.println("written to " + output);
        }
    }

    private static void time(PolicySnapshot policy, List<FieldUse> uses, Histogram histogram) {
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            decide(policy, uses);
            histogram.recordValue(System.nanoTime() - start);
        }
    }

    private static void decide(PolicySnapshot policy, List<FieldUse> uses) {
        Map<FieldCoordinate, Access> visible = PolicyDecider.visibleFields(policy, "consumer-0", "PURPOSE_0", NOW);
        Decision decision = PolicyDecider.decide(policy, "consumer-0", "PURPOSE_0", uses, NOW);
        if (!(decision instanceof Allowed) || visible.isEmpty()) {
            throw new IllegalStateException("benchmark operation must be allowed: " + decision);
        }
    }

    /** The operation: the demo pension window's read of a resident and its pension account. */
    private static List<FieldUse> operation() {
        List<FieldUse> uses = new ArrayList<>();
        for (String field : List.of(
                "Query.resident",
                "Resident.name",
                "Resident.birthDate",
                "Resident.regionCode",
                "Resident.pension",
                "PensionAccount.status",
                "PensionAccount.retired",
                "PensionAccount.contributionMonths")) {
            FieldCoordinate coordinate = FieldCoordinate.parse(field);
            uses.add(new FieldUse(coordinate, Access.READ, List.of(coordinate.field())));
        }
        return uses;
    }

    private static PolicySnapshot snapshot(int consumers, SplittableRandom random) {
        List<Grant> grants = new ArrayList<>();
        for (int consumer = 0; consumer < consumers; consumer++) {
            for (int grant = 0; grant < 5; grant++) {
                Map<FieldCoordinate, Access> fields = new HashMap<>();
                if (consumer == 0 && grant == 0) {
                    operation().forEach(use -> fields.put(use.field(), Access.READ));
                }
                for (int i = 0; i < 12; i++) {
                    int type = random.nextInt(TYPES);
                    fields.put(
                            new FieldCoordinate("Type" + type, "field" + random.nextInt(FIELDS_PER_TYPE)),
                            random.nextBoolean() ? Access.READ : Access.VERIFY);
                }
                FieldCoordinate masked = fields.keySet().iterator().next();
                grants.add(new Grant(
                        "G-" + consumer + "-" + grant,
                        "consumer-" + consumer,
                        "PURPOSE_" + grant,
                        fields,
                        List.of(new RowFilter(
                                new FieldCoordinate("Resident", "regionCode"), RowFilter.Operator.STARTS_WITH, "44")),
                        Map.of(masked, MaskKind.ID_NUMBER),
                        Quotas.NONE,
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("2099-01-01T00:00:00Z"),
                        GrantStatus.ACTIVE));
            }
        }
        return new PolicySnapshot(1, grants);
    }
}
