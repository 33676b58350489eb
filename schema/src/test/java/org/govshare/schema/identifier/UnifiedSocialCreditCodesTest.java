package org.govshare.schema.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnifiedSocialCreditCodesTest {
    private static final String E1 = "91441900MA4UJ0K88K";

    @Test
    void acceptsFixedCreditCode() {
        assertThat(UnifiedSocialCreditCodes.isValid(E1)).isTrue();
        assertThat(UnifiedSocialCreditCodes.normalize(E1)).contains(E1);
    }

    @Test
    void rejectsFixedCreditCodeWithAnyOneCharacterChanged() {
        for (int position = 0; position < E1.length(); position++) {
            for (char replacement : UnifiedSocialCreditCodes.ALPHABET.toCharArray()) {
                if (replacement == E1.charAt(position)) {
                    continue;
                }
                String changed = E1.substring(0, position) + replacement + E1.substring(position + 1);
                assertThat(UnifiedSocialCreditCodes.normalize(changed))
                        .as(changed)
                        .isEmpty();
            }
        }
    }

    @Test
    void normalizesSpacesFullWidthAndLowerCase() {
        assertThat(UnifiedSocialCreditCodes.normalize("\u3000 91441900ma4uj0k88k \u3000"))
                .contains(E1);
        assertThat(UnifiedSocialCreditCodes.normalize("９１４４１９００ＭＡ４ＵＪ０Ｋ８８Ｋ")).contains(E1);
        assertThat(UnifiedSocialCreditCodes.normalize("９１４４１９００ｍａ４ｕｊ０ｋ８８ｋ")).contains(E1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"91441900MA4UJ0K88", "91441900MA4UJ0K88K0", "", "91441900-MA4UJ0K8"})
    void rejectsWrongLengthAndForeignCharacters(String candidate) {
        assertThat(UnifiedSocialCreditCodes.normalize(candidate)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(chars = {'I', 'O', 'S', 'V', 'Z'})
    void rejectsLettersOutsideTheAlphabet(char letter) {
        String first17 = "91441900MA4UJ0K8" + letter;
        for (char check : UnifiedSocialCreditCodes.ALPHABET.toCharArray()) {
            assertThat(UnifiedSocialCreditCodes.isValid(first17 + check)).isFalse();
        }
        assertThatThrownBy(() -> UnifiedSocialCreditCodes.checkCharacter(first17))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completesWithCheckCharacterThatMayBeZero() {
        assertThat(UnifiedSocialCreditCodes.checkCharacter("91441900MA4UJ0K88")).isEqualTo('K');
        assertThat(UnifiedSocialCreditCodes.complete("91441900MA4UJ0K88")).isEqualTo(E1);
        // A sum that is already a multiple of 31 must give 0, not the 32nd character of a 31-character alphabet.
        assertThat(UnifiedSocialCreditCodes.checkCharacter("00000000000000000")).isEqualTo('0');
    }

    @Test
    void computesOrganizationCodeCheckCharacter() {
        assertThat(UnifiedSocialCreditCodes.organizationCodeCheckCharacter("MA4UJ0K8"))
                .isEqualTo('8');
        assertThat(UnifiedSocialCreditCodes.organizationCodeCheckCharacter("00000006"))
                .isEqualTo('X');
        assertThat(UnifiedSocialCreditCodes.organizationCodeCheckCharacter("00000000"))
                .isEqualTo('0');
    }
}
