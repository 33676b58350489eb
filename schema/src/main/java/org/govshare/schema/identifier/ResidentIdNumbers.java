package org.govshare.schema.identifier;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Resident ID numbers (公民身份号码, GB 11643-1999): six digits of region code, the eight-digit birth date, a
 * three-digit sequence whose last digit is odd for men, and a check character from ISO 7064 MOD 11-2.
 */
public final class ResidentIdNumbers {
    /** Length of an ID number. */
    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
    /** Birth dates are compared with the date in China, where the numbers are issued, not with the server's zone. */
    private static final ZoneId ISSUING_ZONE = ZoneId.of("Asia/Shanghai");

    private ResidentIdNumbers() {}

    /** The canonical ID number for {@code raw}, or empty when it is not a valid ID number. */
    public static Optional<String> normalize(String raw) {
        return IdentifierText.canonicalCharacters(raw).filter(ResidentIdNumbers::isValid);
    }

    /** Whether {@code value} is a valid ID number in canonical form (upper-case {@code X}, no spaces). */
    public static boolean isValid(String value) {
        if (value.length() != LENGTH || value.charAt(0) < '1' || value.charAt(0) > '9') {
            return false;
        }
        for (int position = 0; position < LENGTH - 1; position++) {
            if (!isDigit(value.charAt(position))) {
                return false;
            }
        }
        return value.charAt(LENGTH - 1) == computeCheckCharacter(value) && hasPlausibleBirthDate(value);
    }

    /**
     * The check character for the first 17 digits of an ID number.
     *
     * @throws IllegalArgumentException when {@code first17} is not 17 decimal digits
     */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected 17 digits, got " + first17.length() + " characters");
        }
        for (int position = 0; position < LENGTH - 1; position++) {
            if (!isDigit(first17.charAt(position))) {
                throw new IllegalArgumentException("expected 17 digits, found a non-digit at position " + position);
            }
        }
        return computeCheckCharacter(first17);
    }

    /** The full ID number: {@code first17} followed by its check character. */
    public static String complete(String first17) {
        return first17 + checkCharacter(first17);
    }

    /** The birth date encoded in a valid ID number. */
    public static LocalDate birthDate(String idNumber) {
        return LocalDate.of(number(idNumber, 6, 10), number(idNumber, 10, 12), number(idNumber, 12, 14));
    }

    /** Whether a valid ID number belongs to a man: GB 11643 gives men odd and women even sequence numbers. */
    public static boolean isMale(String idNumber) {
        return (idNumber.charAt(16) - '0') % 2 == 1;
    }

    private static char computeCheckCharacter(CharSequence digits) {
        int sum = 0;
        for (int position = 0; position < LENGTH - 1; position++) {
            sum += (digits.charAt(position) - '0') * WEIGHTS[position];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    private static boolean hasPlausibleBirthDate(String digits) {
        int year = number(digits, 6, 10);
        int month = number(digits, 10, 12);
        int day = number(digits, 12, 14);
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        // Checked before LocalDate.of so that impossible dates such as 0230 are a plain "no", not an exception.
        if (year < EARLIEST_BIRTH_DATE.getYear()
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return false;
        }
        return !LocalDate.of(year, month, day).isAfter(LocalDate.now(ISSUING_ZONE));
    }

    private static int number(CharSequence digits, int start, int end) {
        int value = 0;
        for (int position = start; position < end; position++) {
            value = value * 10 + (digits.charAt(position) - '0');
        }
        return value;
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }
}
