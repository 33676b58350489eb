package org.govshare.schema.identifier;

import java.util.Arrays;
import java.util.Optional;

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registration authority, organisation type, six-digit
 * region code, nine-character organisation code (GB 11714) and a MOD 31 check character.
 */
public final class UnifiedSocialCreditCodes {
    /** Length of a credit code. */
    public static final int LENGTH = 18;
    /** The 31 characters a credit code may contain: digits and upper-case letters without I, O, S, V and Z. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORGANIZATION_CODE_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final int[] ALPHABET_VALUES = alphabetValues();

    private UnifiedSocialCreditCodes() {}

    /** The canonical credit code for {@code raw}, or empty when it is not a valid credit code. */
    public static Optional<String> normalize(String raw) {
        return IdentifierText.canonicalCharacters(raw).filter(UnifiedSocialCreditCodes::isValid);
    }

    /**
     * Whether {@code value} is a valid credit code in canonical form. The embedded organisation code's own
     * GB 11714 check character is not verified: many codes in real registers fail it.
     */
    public static boolean isValid(String value) {
        if (value.length() != LENGTH) {
            return false;
        }
        for (int position = 0; position < LENGTH; position++) {
            if (valueOf(value.charAt(position)) < 0) {
                return false;
            }
        }
        return value.charAt(LENGTH - 1) == computeCheckCharacter(value);
    }

    /**
     * The check character for the first 17 characters of a credit code.
     *
     * @throws IllegalArgumentException when {@code first17} is not 17 characters of {@link #ALPHABET}
     */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected 17 characters, got " + first17.length());
        }
        for (int position = 0; position < LENGTH - 1; position++) {
            if (valueOf(first17.charAt(position)) < 0) {
                throw new IllegalArgumentException("character at position " + position + " is not allowed");
            }
        }
        return computeCheckCharacter(first17);
    }

    /** The full credit code: {@code first17} followed by its check character. */
    public static String complete(String first17) {
        return first17 + checkCharacter(first17);
    }

    /**
     * The GB 11714 check character of an organisation code, for its first eight characters (digits and upper-case
     * letters): {@code 0}–{@code 9} or {@code X}.
     *
     * @throws IllegalArgumentException when {@code first8} is not eight digits or upper-case letters
     */
    public static char organizationCodeCheckCharacter(CharSequence first8) {
        if (first8.length() != ORGANIZATION_CODE_WEIGHTS.length) {
            throw new IllegalArgumentException("expected 8 characters, got " + first8.length());
        }
        int sum = 0;
        for (int position = 0; position < ORGANIZATION_CODE_WEIGHTS.length; position++) {
            char character = first8.charAt(position);
            int value;
            if (character >= '0' && character <= '9') {
                value = character - '0';
            } else if (character >= 'A' && character <= 'Z') {
                value = character - 'A' + 10;
            } else {
                throw new IllegalArgumentException("character at position " + position + " is not allowed");
            }
            sum += value * ORGANIZATION_CODE_WEIGHTS[position];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    private static char computeCheckCharacter(CharSequence characters) {
        int sum = 0;
        for (int position = 0; position < LENGTH - 1; position++) {
            sum += valueOf(characters.charAt(position)) * WEIGHTS[position];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    private static int valueOf(char character) {
        return character < ALPHABET_VALUES.length ? ALPHABET_VALUES[character] : -1;
    }

    private static int[] alphabetValues() {
        int[] values = new int[128];
        Arrays.fill(values, -1);
        for (int value = 0; value < ALPHABET.length(); value++) {
            values[ALPHABET.charAt(value)] = value;
        }
        return values;
    }
}
