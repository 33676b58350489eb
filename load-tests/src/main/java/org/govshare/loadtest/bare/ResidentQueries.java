package org.govshare.loadtest.bare;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.govshare.gateway.read.Masks;
import org.govshare.policy.model.MaskKind;
import org.jspecify.annotations.Nullable;

/**
 * The workloads' source statements, as the gateway sends them (taken from its {@code explain} admin API and its
 * relation loader), run as plain prepared JDBC. Both baselines use this one class: the direct-JDBC floor in the
 * benchmark's process and the bare Spring MVC endpoint in its own.
 */
public final class ResidentQueries {
    static final String RESIDENT = "SELECT \"birth_date\", \"name\", \"region_code\" FROM \"public\".\"resident\""
            + " WHERE \"id_number\" = ?";
    static final String RESIDENT_NAME =
            "SELECT \"name\", \"id_number\" FROM \"public\".\"resident\"" + " WHERE \"id_number\" = ?";
    static final String PENSION = "SELECT \"id_number\", \"retired\", \"status\" FROM \"public\".\"pension_account\""
            + " WHERE \"id_number\" = ?";
    static final String INCOMES =
            "SELECT `annual_income`, `id_number` FROM `income_record`" + " WHERE `id_number` = ? AND `tax_year` = ?";
    /** The claim check of a verification: what the gateway's verify compiles to, one row, no value leaves. */
    static final String VERIFY = "SELECT CASE WHEN \"name\" = ? THEN 1 ELSE 0 END,"
            + " CASE WHEN \"birth_date\" = ? THEN 1 ELSE 0 END FROM \"public\".\"resident\" WHERE \"id_number\" = ?";
    /** The street office's page: row filter and ID-number mask in the source SQL, one row more for hasNextPage. */
    static final String PAGE = "SELECT \"address\","
            + " CONCAT(SUBSTRING(\"id_number\", 1, 6), '************') AS \"$f1\","
            + " \"id_number\", \"name\" FROM \"public\".\"resident\" WHERE \"region_code\" = ? AND \"region_code\" LIKE ?"
            + " ORDER BY \"id_number\" FETCH NEXT ? ROWS ONLY";

    private final DataSource police;
    private final DataSource hrss;
    private final DataSource tax;

    public ResidentQueries(DataSource police, DataSource hrss, DataSource tax) {
        this.police = requireNonNull(police, "police is null");
        this.hrss = requireNonNull(hrss, "hrss is null");
        this.tax = requireNonNull(tax, "tax is null");
    }

    /** W1: name, birth date and region of one resident. */
    public Optional<Resident> findResident(String idNumber) throws SQLException {
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement(RESIDENT)) {
            statement.setString(1, idNumber);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Resident(
                        rows.getString(2), rows.getObject(1, LocalDate.class).toString(), rows.getString(3)));
            }
        }
    }

    /** W2: a resident's name with the pension account (hrss) and the year's incomes (tax), one source after another. */
    public Optional<CrossSourceResident> findCrossSource(String idNumber, int year) throws SQLException {
        String name;
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement(RESIDENT_NAME)) {
            statement.setString(1, idNumber);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                name = rows.getString(1);
            }
        }
        Pension pension = null;
        try (Connection connection = hrss.getConnection();
                PreparedStatement statement = connection.prepareStatement(PENSION)) {
            statement.setString(1, idNumber);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    pension = new Pension(rows.getString(3), rows.getBoolean(2));
                }
            }
        }
        List<Income> incomes = new ArrayList<>();
        try (Connection connection = tax.getConnection();
                PreparedStatement statement = connection.prepareStatement(INCOMES)) {
            statement.setString(1, idNumber);
            statement.setInt(2, year);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    incomes.add(new Income(rows.getBigDecimal(1)));
                }
            }
        }
        return Optional.of(new CrossSourceResident(name, pension, incomes));
    }

    /** W3: MATCH when both claims hold, MISMATCH when one does not, NO_RECORD when there is no such resident. */
    public String verify(String idNumber, String name, LocalDate birthDate) throws SQLException {
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement(VERIFY)) {
            statement.setString(1, name);
            statement.setObject(2, birthDate);
            statement.setString(3, idNumber);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return "NO_RECORD";
                }
                return rows.getInt(1) == 1 && rows.getInt(2) == 1 ? "MATCH" : "MISMATCH";
            }
        }
    }

    /** W4: the first {@code first} residents of a region within the 4419 prefix, ID numbers and addresses masked. */
    public List<ListedResident> listRegion(String regionCode, String allowedPrefix, int first) throws SQLException {
        List<ListedResident> residents = new ArrayList<>();
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement(PAGE)) {
            statement.setString(1, regionCode);
            statement.setString(2, allowedPrefix + "%");
            statement.setInt(3, first + 1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && residents.size() < first) {
                    residents.add(new ListedResident(
                            rows.getString(2),
                            rows.getString(4),
                            String.valueOf(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, rows.getString(1)))));
                }
            }
        }
        return residents;
    }

    /** W1's answer. */
    public record Resident(String name, String birthDate, String regionCode) {
        public Resident {
            requireNonNull(name, "name is null");
            requireNonNull(birthDate, "birthDate is null");
            requireNonNull(regionCode, "regionCode is null");
        }
    }

    /** W2's answer. */
    public record CrossSourceResident(String name, @Nullable Pension pension, List<Income> incomes) {
        public CrossSourceResident {
            requireNonNull(name, "name is null");
            incomes = List.copyOf(incomes);
        }
    }

    /** A pension account's status. */
    public record Pension(String status, boolean retired) {
        public Pension {
            requireNonNull(status, "status is null");
        }
    }

    /** One year's income. */
    public record Income(BigDecimal annualIncome) {
        public Income {
            requireNonNull(annualIncome, "annualIncome is null");
        }
    }

    /** One resident of W4's page, masked. */
    public record ListedResident(String idNumber, String name, String address) {
        public ListedResident {
            requireNonNull(idNumber, "idNumber is null");
            requireNonNull(name, "name is null");
            requireNonNull(address, "address is null");
        }
    }
}
