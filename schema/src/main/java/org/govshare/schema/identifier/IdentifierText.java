package org.govshare.schema.identifier;

import java.util.Optional;

/** The normalisation that every identifier scheme shares, before its own check. */
final class IdentifierText {
    /**
     * Longer input is refused before any work: it cannot become an 18-character identifier unless it is mostly
     * padding, and nobody legitimately pastes that much.
     */
    private static final int MAXIMUM_INPUT_LENGTH = 64;

    private IdentifierText() {}

    /**
     * Strips surrounding white space, maps full-width digits and Latin letters to ASCII and upper-cases ASCII
     * letters. Empty when anything other than ASCII letters and digits remains.
     */
    static Optional<String> canonicalCharacters(String raw) {
        if (raw.length() > MAXIMUM_INPUT_LENGTH) {
            return Optional.empty();
        }
        int start = 0;
        int end = raw.length();
        while (start < end && isPadding(raw.charAt(start))) {
            start++;
        }
        while (end > start && isPadding(raw.charAt(end - 1))) {
            end--;
        }
        StringBuilder canonical = new StringBuilder(end - start);
        for (int position = start; position < end; position++) {
            char character = toAscii(raw.charAt(position));
            if (character >= 'a' && character <= 'z') {
                character = (char) (character - 'a' + 'A');
            }
            boolean digit = character >= '0' && character <= '9';
            boolean letter = character >= 'A' && character <= 'Z';
            if (!digit && !letter) {
                return Optional.empty();
            }
            canonical.append(character);
        }
        return Optional.of(canonical.toString());
    }

    private static char toAscii(char character) {
        if (character >= '\uFF10' && character <= '\uFF19') {
            return (char) (character - '\uFF10' + '0');
        }
        if (character >= '\uFF21' && character <= '\uFF3A') {
            return (char) (character - '\uFF21' + 'A');
        }
        if (character >= '\uFF41' && character <= '\uFF5A') {
            return (char) (character - '\uFF41' + 'a');
        }
        return character;
    }

    /**
     * Copy-paste from forms and spreadsheets brings the ideographic space, no-break spaces and zero-width
     * characters along with ordinary white space.
     */
    private static boolean isPadding(char character) {
        return Character.isWhitespace(character)
                || Character.isSpaceChar(character)
                || character == '\u200B'
                || character == '\uFEFF';
    }
}
