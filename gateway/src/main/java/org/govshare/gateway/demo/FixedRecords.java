package org.govshare.gateway.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The fixed demo records R0–R3 and E1 of the public contract: present in every generated data set whatever its size
 * (R0 never), and the one place tests take their identifiers and expected values from.
 */
public final class FixedRecords {
    /** A well-formed ID number (valid check digit and birth date) that no source ever holds. */
    public static final String R0_ID = "110101197001010016";
    /** 张秀英, retired in Dongguan. */
    public static final String R1_ID = "44190019620315048X";
    /** 李建国, working in Beijing, legal representative of E1. */
    public static final String R2_ID = "110105198511020038";
    /** 陈志强, retired in Dongguan with a suspended pension. */
    public static final String R3_ID = "441900195807210012";
    /** 东莞市示范科技有限公司. */
    public static final String E1_CREDIT_CODE = "91441900MA4UJ0K88K";

    /** Every fixed resident is 汉族; the contract leaves ethnicity open. */
    public static final String HAN = "汉族";
    /** The tax year of the fixed income records. */
    public static final int INCOME_YEAR = 2024;

    public static final ResidentRow R1 =
            ResidentRow.alive(R1_ID, "张秀英", "FEMALE", LocalDate.of(1962, 3, 15), HAN, "441900", "广东省东莞市南城街道鸿福路88号");
    public static final PensionAccountRow R1_PENSION = new PensionAccountRow(
            R1_ID, "ACTIVE", true, LocalDate.of(2017, 3, 15), new BigDecimal("3250.00"), 312, "441900");
    public static final IncomeRecordRow R1_INCOME_2024 =
            new IncomeRecordRow(R1_ID, INCOME_YEAR, new BigDecimal("39000.00"), new BigDecimal("0.00"));
    public static final MedicalInsuranceRow R1_MEDICAL_INSURANCE =
            new MedicalInsuranceRow(R1_ID, "URBAN_EMPLOYEE", "ACTIVE", new BigDecimal("6420.35"));

    public static final ResidentRow R2 =
            ResidentRow.alive(R2_ID, "李建国", "MALE", LocalDate.of(1985, 11, 2), HAN, "110105", "北京市朝阳区建国路1号");
    /** Not retired: retirement date and monthly amount are NULL. */
    public static final PensionAccountRow R2_PENSION =
            new PensionAccountRow(R2_ID, "ACTIVE", false, null, null, 150, "110105");

    public static final IncomeRecordRow R2_INCOME_2024 =
            new IncomeRecordRow(R2_ID, INCOME_YEAR, new BigDecimal("420000.00"), new BigDecimal("71080.00"));
    public static final MedicalInsuranceRow R2_MEDICAL_INSURANCE =
            new MedicalInsuranceRow(R2_ID, "URBAN_EMPLOYEE", "ACTIVE", new BigDecimal("15820.60"));

    public static final ResidentRow R3 =
            ResidentRow.alive(R3_ID, "陈志强", "MALE", LocalDate.of(1958, 7, 21), HAN, "441900", "广东省东莞市虎门镇连升路26号");
    /** Retired at 60; payments suspended (e.g. the yearly 资格认证 is overdue), the amount stays on record. */
    public static final PensionAccountRow R3_PENSION = new PensionAccountRow(
            R3_ID, "SUSPENDED", true, LocalDate.of(2018, 7, 21), new BigDecimal("2150.00"), 180, "441900");
    /** Casual work after retirement, below the taxable threshold. */
    public static final IncomeRecordRow R3_INCOME_2024 =
            new IncomeRecordRow(R3_ID, INCOME_YEAR, new BigDecimal("26400.00"), new BigDecimal("0.00"));
    /** 城乡居民医保 has no personal account, hence the zero balance. */
    public static final MedicalInsuranceRow R3_MEDICAL_INSURANCE =
            new MedicalInsuranceRow(R3_ID, "URBAN_RURAL_RESIDENT", "ACTIVE", new BigDecimal("0.00"));

    public static final EnterpriseRow E1 =
            new EnterpriseRow(E1_CREDIT_CODE, "东莞市示范科技有限公司", "ACTIVE", new BigDecimal("5000000.00"), R2_ID);

    /** R1, R2 and R3 with all their rows; each has income records for {@link #INCOME_YEAR} only. */
    public static final List<ResidentRecords> RESIDENTS = List.of(
            new ResidentRecords(R1, R1_PENSION, List.of(R1_INCOME_2024), R1_MEDICAL_INSURANCE),
            new ResidentRecords(R2, R2_PENSION, List.of(R2_INCOME_2024), R2_MEDICAL_INSURANCE),
            new ResidentRecords(R3, R3_PENSION, List.of(R3_INCOME_2024), R3_MEDICAL_INSURANCE));

    public static final List<EnterpriseRow> ENTERPRISES = List.of(E1);

    /** Every ID number with a fixed meaning, R0 included: the generator never produces any of them. */
    public static final List<String> RESERVED_ID_NUMBERS = List.of(R0_ID, R1_ID, R2_ID, R3_ID);

    private FixedRecords() {}
}
