package org.govshare.schema.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumbersTest {
    /** R1, R2, R3 and R0 of the demo data set: real-format numbers that must pass. */
    private static final List<String> FIXED_ID_NUMBERS =
            List.of("44190019620315048X", "110105198511020038", "441900195807210012", "110101197001010016");

    @ParameterizedTest
    @ValueSource(strings = {"44190019620315048X", "110105198511020038", "441900195807210012", "110101197001010016"})
    void acceptsFixedIdNumbers(String idNumber) {
        assertThat(ResidentIdNumbers.isValid(idNumber)).isTrue();
        assertThat(ResidentIdNumbers.normalize(idNumber)).contains(idNumber);
    }

    @Test
    void rejectsEveryFixedIdNumberWithAnyOneCharacterChanged() {
        for (String idNumber : FIXED_ID_NUMBERS) {
            for (int position = 0; position < idNumber.length(); position++) {
                for (char replacement : "0123456789X".toCharArray()) {
                    if (replacement == idNumber.charAt(position)) {
                        continue;
                    }
                    String changed = idNumber.substring(0, position) + replacement + idNumber.substring(position + 1);
                    assertThat(ResidentIdNumbers.normalize(changed)).as(changed).isEmpty();
                }
            }
        }
    }

    @Test
    void normalizesSurroundingUnicodeSpaces() {
        assertThat(ResidentIdNumbers.normalize("  44190019620315048X\t\n")).contains("44190019620315048X");
        assertThat(ResidentIdNumbers.normalize("\u300044190019620315048X\u3000"))
                .contains("44190019620315048X");
        assertThat(ResidentIdNumbers.normalize("\u00A0\u2003\uFEFF44190019620315048X\u200B\u202F"))
                .contains("44190019620315048X");
    }

    @Test
    void normalizesFullWidthDigitsAndLetters() {
        assertThat(ResidentIdNumbers.normalize("４４１９００１９６２０３１５０４８Ｘ")).contains("44190019620315048X");
        assertThat(ResidentIdNumbers.normalize("４４１９００１９６２０３１５０４８ｘ")).contains("44190019620315048X");
        assertThat(ResidentIdNumbers.normalize("１１０１０５１９８５１１０２００３８")).contains("110105198511020038");
    }

    @Test
    void normalizesLowerCaseCheckCharacter() {
        assertThat(ResidentIdNumbers.normalize("44190019620315048x")).contains("44190019620315048X");
        assertThat(ResidentIdNumbers.isValid("44190019620315048x"))
                .as("canonical form is upper case")
                .isFalse();
    }

    @Test
    void rejectsWrongCheckCharacter() {
        assertThat(ResidentIdNumbers.normalize("441900196203150489")).isEmpty();
        assertThat(ResidentIdNumbers.normalize("110105198511020039")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4419001962031504", "44190019620315048", "44190019620315048X0", "441900620315048"})
    void rejectsWrongLength(String candidate) {
        assertThat(ResidentIdNumbers.normalize(candidate)).isEmpty();
    }

    @Test
    void rejectsSpacesInsideAndForeignCharacters() {
        assertThat(ResidentIdNumbers.normalize("441900 19620315048X")).isEmpty();
        assertThat(ResidentIdNumbers.normalize("44190019620315048Ⅹ"))
                .as("Roman numeral ten")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize("4419001962031504８Y")).isEmpty();
        assertThat(ResidentIdNumbers.normalize(" ".repeat(100) + "44190019620315048X"))
                .isEmpty();
    }

    @Test
    void rejectsImpossibleOrImplausibleBirthDates() {
        assertThat(ResidentIdNumbers.normalize(withCheck("44190019620230048")))
                .as("30 February")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190019621315048")))
                .as("month 13")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190019620300048")))
                .as("day 0")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190019010229048")))
                .as("1901 is no leap year")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190018991231048")))
                .as("before 1900")
                .isEmpty();
        String tomorrow =
                LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(ResidentIdNumbers.normalize(withCheck("441900" + tomorrow + "048")))
                .as("future")
                .isEmpty();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190020000229048")))
                .as("2000 is a leap year")
                .isPresent();
        assertThat(ResidentIdNumbers.normalize(withCheck("44190019000101048")))
                .as("earliest date")
                .isPresent();
    }

    @Test
    void rejectsLeadingZero() {
        assertThat(ResidentIdNumbers.normalize(withCheck("04190019620315048"))).isEmpty();
    }

    @Test
    void completesWithCheckCharacter() {
        assertThat(ResidentIdNumbers.checkCharacter("44190019620315048")).isEqualTo('X');
        assertThat(ResidentIdNumbers.complete("11010519851102003")).isEqualTo("110105198511020038");
        assertThatThrownBy(() -> ResidentIdNumbers.checkCharacter("4419001962031504"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResidentIdNumbers.checkCharacter("4419001962031504X"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsBirthDateAndGender() {
        assertThat(ResidentIdNumbers.birthDate("44190019620315048X")).isEqualTo(LocalDate.of(1962, 3, 15));
        assertThat(ResidentIdNumbers.isMale("44190019620315048X")).isFalse();
        assertThat(ResidentIdNumbers.isMale("110105198511020038")).isTrue();
    }

    private static String withCheck(String first17) {
        return ResidentIdNumbers.complete(first17);
    }
}
