package org.govshare.gateway.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.govshare.schema.identifier.UnifiedSocialCreditCodes;
import org.jspecify.annotations.Nullable;

/**
 * The synthetic population for one (seed, size): every resident and enterprise is a pure function of its index, so
 * writers and load tests can recompute any row on their own and two runs with the same inputs agree on every value.
 * Residents are numbered in ID number order. The fixed records of {@link FixedRecords} are not part of it.
 */
public final class DemoDataset {
    /** Ages, retirement and pension status are as of this date, so that the data do not change from day to day. */
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 6, 30);

    public static final int FIRST_INCOME_YEAR = 2022;
    public static final int LAST_INCOME_YEAR = 2024;
    public static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1940, 1, 1);
    public static final LocalDate LATEST_BIRTH_DATE = LocalDate.of(2006, 12, 31);
    /**
     * Generated ID numbers use sequence numbers 100–999 only. Every fixed ID number (R0–R3) has a sequence number
     * below 100, so none of them can ever be generated.
     */
    public static final int FIRST_SEQUENCE_NUMBER = 100;

    private static final int SEQUENCE_NUMBERS = 1000 - FIRST_SEQUENCE_NUMBER;
    private static final long BIRTH_DAYS = ChronoUnit.DAYS.between(EARLIEST_BIRTH_DATE, LATEST_BIRTH_DATE) + 1;
    private static final long SLOTS_PER_REGION = BIRTH_DAYS * SEQUENCE_NUMBERS;

    private static final long SLOT_STREAM = 1;
    private static final long PERSON_STREAM = 2;
    private static final long PENSION_STREAM = 3;
    private static final long INCOME_STREAM = 4;
    private static final long MEDICAL_STREAM = 5;
    private static final long ENTERPRISE_STREAM = 6;
    private static final long ORGANIZATION_CODE_KEY = 7;
    /** A stream of its own, so that adding the registration status changed no value drawn before it existed. */
    private static final long REGISTRATION_STREAM = 8;

    /**
     * A cancelled registration stays on the register; the deaths of this many days before {@link #REFERENCE_DATE}
     * are in it (the pension fund's monthly check looks for the newest of them).
     */
    private static final int DEATH_REGISTRATION_DAYS = 730;

    /** New-style organisation codes (since 2015) start with MA; the six characters after it are generated. */
    private static final String ORGANIZATION_CODE_PREFIX = "MA";

    private static final int ORGANIZATION_CODE_BODY_LENGTH = 6;
    private static final String E1_ORGANIZATION_CODE = FixedRecords.E1_CREDIT_CODE.substring(8, 16);

    private static final String[] MINORITIES = "壮族 回族 满族 维吾尔族 苗族 彝族 土家族 藏族 蒙古族 侗族 布依族 瑶族 白族 朝鲜族".split(" ");
    private static final String[] ROADS = ("人民路 解放路 中山路 建设路 和平路 文化路 新华路 胜利路 光明路 青年路 友谊路 长江路"
                    + " 黄河路 东风路 朝阳路 幸福路 工业大道 学府路 花园路 滨江路 育才路 迎宾路 振兴路 健康路 府前路 环城路")
            .split(" ");
    private static final String TRADE_NAME_FIRST = "华鸿恒金新永宏嘉顺腾瑞博天汇佳众正德启锦信泰卓海兴立和骏鑫盛";
    private static final String TRADE_NAME_SECOND = "达通源锐丰图禾发飞远成美合信润航程和越纳业骏泰辉盛利祥邦诚宇";
    private static final String[] INDUSTRIES =
            ("科技 电子 实业 贸易 五金制品 塑胶制品 模具 家具 服装 物流 餐饮管理 信息技术 建材" + " 机械设备 印刷 包装材料 食品 医疗器械 新能源 文化传媒").split(" ");
    private static final long[] COMMON_CAPITALS_IN_YUAN = {
        100_000,
        300_000,
        500_000,
        1_000_000,
        1_000_000,
        2_000_000,
        3_000_000,
        5_000_000,
        5_000_000,
        10_000_000,
        20_000_000,
        50_000_000,
        100_000_000
    };

    private final long seed;
    private final int residentCount;
    private final int enterpriseCount;
    /** {@code regionStarts[r]} is the index of region r's first resident; the last entry is the resident count. */
    private final int[] regionStarts;

    private final IndexPermutation organizationCodes;

    /**
     * @param residentCount the number of generated residents (the fixed records come on top)
     * @throws IllegalArgumentException when {@code residentCount} is outside
     *     {@link DemoDataGenerator#MINIMUM_RESIDENTS} … {@link DemoDataGenerator#MAXIMUM_RESIDENTS}
     */
    public DemoDataset(long seed, int residentCount) {
        if (residentCount < DemoDataGenerator.MINIMUM_RESIDENTS
                || residentCount > DemoDataGenerator.MAXIMUM_RESIDENTS) {
            throw new IllegalArgumentException("residents must be between " + DemoDataGenerator.MINIMUM_RESIDENTS
                    + " and " + DemoDataGenerator.MAXIMUM_RESIDENTS + ", got " + residentCount);
        }
        this.seed = seed;
        this.residentCount = residentCount;
        this.enterpriseCount = Math.max(10, residentCount / 10);
        this.regionStarts = regionStarts(residentCount);
        long organizationCodeSpace = 1;
        for (int position = 0; position < ORGANIZATION_CODE_BODY_LENGTH; position++) {
            organizationCodeSpace *= UnifiedSocialCreditCodes.ALPHABET.length();
        }
        this.organizationCodes =
                new IndexPermutation(organizationCodeSpace, RandomStreams.mix(seed ^ ORGANIZATION_CODE_KEY));
    }

    /** The seed every value derives from. */
    public long seed() {
        return seed;
    }

    /** The number of generated residents, indexed {@code 0 … residentCount() - 1}. */
    public int residentCount() {
        return residentCount;
    }

    /** The number of generated enterprises: a tenth of the residents, at least ten. */
    public int enterpriseCount() {
        return enterpriseCount;
    }

    /** The ID number of generated resident {@code index}; cheaper than {@link #resident(int)}. */
    public String residentIdNumber(int index) {
        return identity(index).idNumber();
    }

    /** Generated resident {@code index} with their pension account, income records and medical insurance, if any. */
    public ResidentRecords resident(int index) {
        Identity identity = identity(index);
        @Nullable PensionAccountRow pension = pension(index, identity);
        return new ResidentRecords(
                residentRow(index, identity),
                pension,
                incomes(index, identity, pension),
                medicalInsurance(index, identity, pension));
    }

    /** The police source's row for generated resident {@code index}. */
    public ResidentRow residentRow(int index) {
        return residentRow(index, identity(index));
    }

    /** The pension account of generated resident {@code index}, if they have one (about 85% do). */
    public Optional<PensionAccountRow> findPension(int index) {
        return Optional.ofNullable(pension(index, identity(index)));
    }

    /** The income records of generated resident {@code index}, oldest year first; empty for many retirees. */
    public List<IncomeRecordRow> incomes(int index) {
        Identity identity = identity(index);
        return incomes(index, identity, pension(index, identity));
    }

    /** The medical insurance of generated resident {@code index}, if they have one (about 95% do). */
    public Optional<MedicalInsuranceRow> findMedicalInsurance(int index) {
        Identity identity = identity(index);
        return Optional.ofNullable(medicalInsurance(index, identity, pension(index, identity)));
    }

    /** Generated enterprise {@code index}; its legal representative is a generated resident. */
    public EnterpriseRow enterprise(int index) {
        if (index < 0 || index >= enterpriseCount) {
            throw new IndexOutOfBoundsException("enterprise " + index + " outside [0, " + enterpriseCount + ")");
        }
        SplittableRandom random = RandomStreams.forItem(seed, ENTERPRISE_STREAM, index);
        int representative = random.nextInt(residentCount);
        // Most enterprises are registered where their representative lives.
        Region region = random.nextDouble() < 0.8 ? Regions.ALL.get(regionOf(representative)) : Regions.pick(random);

        String organizationCode = organizationCode(index);
        if (organizationCode.equals(E1_ORGANIZATION_CODE)) {
            // Index enterpriseCount is never used, so its code is free and differs from every other generated one.
            organizationCode = organizationCode(enterpriseCount);
        }
        // 9 = registered by market regulation, 1 = enterprise.
        String creditCode = UnifiedSocialCreditCodes.complete("91" + region.code() + organizationCode
                + UnifiedSocialCreditCodes.organizationCodeCheckCharacter(organizationCode));

        String name = region.namePrefix()
                + TRADE_NAME_FIRST.charAt(random.nextInt(TRADE_NAME_FIRST.length()))
                + TRADE_NAME_SECOND.charAt(random.nextInt(TRADE_NAME_SECOND.length()))
                + INDUSTRIES[random.nextInt(INDUSTRIES.length)]
                + (random.nextDouble() < 0.95 ? "有限公司" : "股份有限公司");
        double statusTicket = random.nextDouble();
        String status = statusTicket < 0.85 ? "ACTIVE" : statusTicket < 0.9 ? "REVOKED" : "CANCELLED";
        long capitalInYuan = random.nextDouble() < 0.9
                ? COMMON_CAPITALS_IN_YUAN[random.nextInt(COMMON_CAPITALS_IN_YUAN.length)]
                : 10_000L * (1 + random.nextInt(5_000));
        return new EnterpriseRow(
                creditCode, name, status, BigDecimal.valueOf(capitalInYuan * 100, 2), residentIdNumber(representative));
    }

    private @Nullable PensionAccountRow pension(int index, Identity identity) {
        SplittableRandom random = RandomStreams.forItem(seed, PENSION_STREAM, index);
        if (random.nextDouble() >= 0.85) {
            return null;
        }
        LocalDate birthDate = identity.birthDate();
        boolean male = identity.male();
        // Statutory ages before the 2025 reform: men 60, women 55 in salaried posts and 50 in manual work.
        int retirementAge = male ? 60 : random.nextDouble() < 0.45 ? 55 : 50;
        int startAge = 18 + random.nextInt(8);
        LocalDate retirementDate = birthDate.plusYears(retirementAge);
        boolean retired = !retirementDate.isAfter(REFERENCE_DATE);
        int age = (int) ChronoUnit.YEARS.between(birthDate, REFERENCE_DATE);
        int workingYears = Math.max(0, (retired ? retirementAge : age) - startAge);
        double coverage = 0.45 + 0.55 * random.nextDouble();
        int contributionMonths = (int) Math.round(workingYears * 12 * coverage);
        double statusTicket = random.nextDouble();
        String region = random.nextDouble() < 0.9
                ? identity.region().code()
                : Regions.pick(random).code();
        if (retired) {
            // Fifteen years of contributions are the minimum for a monthly pension.
            contributionMonths = Math.max(180, contributionMonths);
            BigDecimal monthlyAmount = yuan(900 + contributionMonths * (5 + 7 * random.nextDouble()));
            String status = statusTicket < 0.93 ? "ACTIVE" : statusTicket < 0.98 ? "SUSPENDED" : "TERMINATED";
            return new PensionAccountRow(
                    identity.idNumber(), status, true, retirementDate, monthlyAmount, contributionMonths, region);
        }
        String status = statusTicket < 0.82 ? "ACTIVE" : statusTicket < 0.97 ? "SUSPENDED" : "TERMINATED";
        return new PensionAccountRow(
                identity.idNumber(), status, false, null, null, Math.max(1, contributionMonths), region);
    }

    private List<IncomeRecordRow> incomes(int index, Identity identity, @Nullable PensionAccountRow pension) {
        SplittableRandom random = RandomStreams.forItem(seed, INCOME_STREAM, index);
        boolean retired = pension != null && pension.retired();
        double share = pension == null ? 0.55 : retired ? 0.12 : 0.9;
        if (random.nextDouble() >= share) {
            return List.of();
        }
        double median = retired ? 24_000 : 72_000 * identity.region().incomeLevel();
        double income = Math.min(5_000_000, Math.max(3_000, median * StrictMath.exp(0.75 * gaussian(random))));
        // 专项附加扣除 (children, elderly parents, housing) stays with a person from year to year.
        int specialDeduction = 12_000 * random.nextInt(5);
        int adultYear = identity.birthDate().getYear() + 18;
        List<IncomeRecordRow> incomes = new ArrayList<>(LAST_INCOME_YEAR - FIRST_INCOME_YEAR + 1);
        for (int year = FIRST_INCOME_YEAR; year <= LAST_INCOME_YEAR; year++) {
            if (year > FIRST_INCOME_YEAR) {
                income *= StrictMath.exp(0.03 + 0.08 * gaussian(random));
            }
            if (year >= adultYear) {
                incomes.add(new IncomeRecordRow(
                        identity.idNumber(), year, yuan(income), yuan(incomeTax(income, specialDeduction))));
            }
        }
        return incomes;
    }

    /** Annual individual income tax on 综合所得 with the 2019 brackets: rate and quick deduction per bracket. */
    static double incomeTax(double annualIncome, double specialDeduction) {
        double socialInsurance = Math.min(annualIncome * 0.105, 36_000);
        double taxable = annualIncome - 60_000 - socialInsurance - specialDeduction;
        if (taxable <= 0) {
            return 0;
        }
        if (taxable <= 36_000) {
            return taxable * 0.03;
        }
        if (taxable <= 144_000) {
            return taxable * 0.10 - 2_520;
        }
        if (taxable <= 300_000) {
            return taxable * 0.20 - 16_920;
        }
        if (taxable <= 420_000) {
            return taxable * 0.25 - 31_920;
        }
        if (taxable <= 660_000) {
            return taxable * 0.30 - 52_920;
        }
        if (taxable <= 960_000) {
            return taxable * 0.35 - 85_920;
        }
        return taxable * 0.45 - 181_920;
    }

    private @Nullable MedicalInsuranceRow medicalInsurance(
            int index, Identity identity, @Nullable PensionAccountRow pension) {
        SplittableRandom random = RandomStreams.forItem(seed, MEDICAL_STREAM, index);
        if (random.nextDouble() >= 0.95) {
            return null;
        }
        String idNumber = identity.idNumber();
        // Employee insurance follows employment; retirees keep it after about twenty years of contributions.
        boolean employee = pension != null
                && (pension.retired()
                        ? pension.contributionMonths() >= 240
                        : pension.status().equals("ACTIVE"));
        String status = random.nextDouble() < 0.96 ? "ACTIVE" : "SUSPENDED";
        if (!employee) {
            // 城乡居民医保 has no personal account.
            return new MedicalInsuranceRow(idNumber, "URBAN_RURAL_RESIDENT", status, BigDecimal.valueOf(0, 2));
        }
        double balance = Math.min(300_000, 5_000 * StrictMath.exp(0.9 * gaussian(random)));
        return new MedicalInsuranceRow(idNumber, "URBAN_EMPLOYEE", status, yuan(balance));
    }

    private ResidentRow residentRow(int index, Identity identity) {
        SplittableRandom random = RandomStreams.forItem(seed, PERSON_STREAM, index);
        String name =
                ChineseNames.pick(random, identity.male(), identity.birthDate().getYear());
        String ethnicity = ethnicity(random, identity.region());
        String address = address(random, identity.region());
        // About 2% of the residents are registered dead (more of the old), 0.2% emigrated.
        SplittableRandom registration = RandomStreams.forItem(seed, REGISTRATION_STREAM, index);
        long age = ChronoUnit.YEARS.between(identity.birthDate(), REFERENCE_DATE);
        double deceased = age < 60 ? 0.003 : age < 75 ? 0.02 : age < 85 ? 0.06 : 0.15;
        double ticket = registration.nextDouble();
        String status = ticket < deceased
                ? ResidentRow.DECEASED
                : ticket < deceased + 0.002 ? ResidentRow.EMIGRATED : ResidentRow.ALIVE;
        @Nullable LocalDate deathRegisteredOn = null;
        if (status.equals(ResidentRow.DECEASED)) {
            LocalDate earliest = REFERENCE_DATE.minusDays(DEATH_REGISTRATION_DAYS - 1);
            if (earliest.isBefore(identity.birthDate())) {
                earliest = identity.birthDate();
            }
            deathRegisteredOn =
                    earliest.plusDays(registration.nextLong(ChronoUnit.DAYS.between(earliest, REFERENCE_DATE) + 1));
        }
        return new ResidentRow(
                identity.idNumber(),
                name,
                identity.male() ? "MALE" : "FEMALE",
                identity.birthDate(),
                ethnicity,
                identity.region().code(),
                address,
                status,
                deathRegisteredOn);
    }

    /**
     * Region, birth date and sequence number of resident {@code index}. Region r's residents split its slots (birth
     * day × sequence number) into equal consecutive strata and take one random slot from each: unique by
     * construction, spread evenly over the birth years, and increasing with the index.
     */
    private Identity identity(int index) {
        int regionIndex = regionOf(index);
        Region region = Regions.ALL.get(regionIndex);
        long residentsInRegion = regionStarts[regionIndex + 1] - regionStarts[regionIndex];
        long local = index - regionStarts[regionIndex];
        long stratumStart = local * SLOTS_PER_REGION / residentsInRegion;
        long stratumEnd = (local + 1) * SLOTS_PER_REGION / residentsInRegion;
        long slot =
                stratumStart + RandomStreams.forItem(seed, SLOT_STREAM, index).nextLong(stratumEnd - stratumStart);
        LocalDate birthDate = EARLIEST_BIRTH_DATE.plusDays(slot / SEQUENCE_NUMBERS);
        int sequenceNumber = FIRST_SEQUENCE_NUMBER + (int) (slot % SEQUENCE_NUMBERS);
        // GB 11643: the sequence number is odd for men and even for women.
        return new Identity(idNumber(region, birthDate, sequenceNumber), region, birthDate, sequenceNumber % 2 == 1);
    }

    private static String ethnicity(SplittableRandom random, Region region) {
        double ticket = random.nextDouble();
        if (!region.localEthnicity().isEmpty() && ticket < 0.25) {
            return region.localEthnicity();
        }
        return ticket < 0.915 ? FixedRecords.HAN : MINORITIES[random.nextInt(MINORITIES.length)];
    }

    private static String address(SplittableRandom random, Region region) {
        StringBuilder address = new StringBuilder(40)
                .append(region.addressPrefix())
                .append(region.streets().get(random.nextInt(region.streets().size())))
                .append(ROADS[random.nextInt(ROADS.length)])
                // House numbers are small far more often than large.
                .append(1 + (int) (300 * random.nextDouble() * random.nextDouble()))
                .append('号');
        if (random.nextDouble() < 0.45) {
            address.append(1 + random.nextInt(30))
                    .append('栋')
                    .append(1 + random.nextInt(30))
                    .append('0')
                    .append(1 + random.nextInt(6))
                    .append('室');
        }
        return address.toString();
    }

    private String organizationCode(int index) {
        String alphabet = UnifiedSocialCreditCodes.ALPHABET;
        long value = organizationCodes.apply(index);
        char[] body = new char[ORGANIZATION_CODE_BODY_LENGTH];
        for (int position = body.length - 1; position >= 0; position--) {
            body[position] = alphabet.charAt((int) (value % alphabet.length()));
            value /= alphabet.length();
        }
        return ORGANIZATION_CODE_PREFIX + new String(body);
    }

    private int regionOf(int index) {
        if (index < 0 || index >= residentCount) {
            throw new IndexOutOfBoundsException("resident " + index + " outside [0, " + residentCount + ")");
        }
        int low = 0;
        int high = regionStarts.length - 2;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (regionStarts[middle] <= index) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** Splits the residents over the regions by weight; rounding leftovers go to the first regions. */
    private static int[] regionStarts(int residentCount) {
        List<Region> regions = Regions.ALL;
        int[] counts = new int[regions.size()];
        int assigned = 0;
        for (int region = 0; region < counts.length; region++) {
            counts[region] = (int) ((long) residentCount * regions.get(region).weight() / Regions.TOTAL_WEIGHT);
            assigned += counts[region];
        }
        for (int region = 0; assigned < residentCount; region = (region + 1) % counts.length) {
            counts[region]++;
            assigned++;
        }
        int[] starts = new int[counts.length + 1];
        for (int region = 0; region < counts.length; region++) {
            starts[region + 1] = starts[region] + counts[region];
        }
        return starts;
    }

    private static String idNumber(Region region, LocalDate birthDate, int sequenceNumber) {
        StringBuilder first17 = new StringBuilder(ResidentIdNumbers.LENGTH).append(region.code());
        appendDigits(first17, birthDate.getYear(), 4);
        appendDigits(first17, birthDate.getMonthValue(), 2);
        appendDigits(first17, birthDate.getDayOfMonth(), 2);
        appendDigits(first17, sequenceNumber, 3);
        return first17.append(ResidentIdNumbers.checkCharacter(first17)).toString();
    }

    private static void appendDigits(StringBuilder target, int value, int width) {
        int divisor = 1;
        for (int digit = 1; digit < width; digit++) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            target.append((char) ('0' + value / divisor % 10));
        }
    }

    /**
     * An approximately standard normal value from the sum of twelve uniform ones. Unlike nextGaussian and Math.exp,
     * plain arithmetic (and StrictMath) gives the same bits on every JVM, so a seed means the same data everywhere.
     */
    private static double gaussian(SplittableRandom random) {
        double sum = 0;
        for (int term = 0; term < 12; term++) {
            sum += random.nextDouble();
        }
        return sum - 6;
    }

    private static BigDecimal yuan(double amount) {
        return BigDecimal.valueOf(Math.round(amount * 100), 2);
    }

    private record Identity(String idNumber, Region region, LocalDate birthDate, boolean male) {}
}
