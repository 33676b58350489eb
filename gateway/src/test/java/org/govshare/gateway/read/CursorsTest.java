package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.ColumnField;
import org.junit.jupiter.api.Test;

/**
 * Page cursors seal the last key of a page: the same gateway key reads them back exactly, while a changed byte, a
 * cursor of another key (another deployment), anything that is not a cursor, or a sealed value that is no valid key
 * is refused as {@code INVALID_ARGUMENT} without saying why. (Cursors carry no expiry: a page cursor stays valid for
 * as long as the gateway's cursor key does.)
 */
class CursorsTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final ColumnField ID_NUMBER = CATALOG.requireType("Resident").columnField("idNumber");
    private static final ColumnField YEAR = CATALOG.requireType("IncomeRecord").columnField("year");
    private static final String R1 = "44190019620315048X";

    private final Cursors cursors = new Cursors(newKey());

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Runnable decoding) {
        assertThatThrownBy(decoding::run)
                .isInstanceOfSatisfying(GovshareException.class, refused -> assertThat(refused.code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("after is not a cursor of this field");
    }

    @Test
    void aCursorReadsBackAsTheKeyItSealed() {
        assertThat(cursors.decode(cursors.encode(R1), ID_NUMBER)).isEqualTo(R1);
        assertThat(cursors.decode(cursors.encode(2024), YEAR)).isEqualTo(2024);
    }

    @Test
    void aCursorNeitherShowsNorRepeatsTheKey() {
        String first = cursors.encode(R1);
        String second = cursors.encode(R1);

        assertThat(first).isNotEqualTo(second);
        String decoded = new String(Base64.getUrlDecoder().decode(first), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("441900").doesNotContain("19620315");
        assertThat(first).doesNotContain("441900");
    }

    @Test
    void everyChangedByteIsRefused() {
        byte[] sealed = Base64.getUrlDecoder().decode(cursors.encode(R1));
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertRefused(() -> cursors.decode(cursor, ID_NUMBER));
        }
    }

    @Test
    void aCursorOfAnotherKeyIsRefused() {
        String foreign = new Cursors(newKey()).encode(R1);

        assertRefused(() -> cursors.decode(foreign, ID_NUMBER));
    }

    @Test
    void whatIsNoCursorIsRefused() {
        assertRefused(() -> cursors.decode("", ID_NUMBER));
        assertRefused(() -> cursors.decode("not base64 at all!", ID_NUMBER));
        assertRefused(() -> cursors.decode(R1, ID_NUMBER));
        assertRefused(() -> cursors.decode("A".repeat(257), ID_NUMBER));
        assertRefused(
                () -> cursors.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[12]), ID_NUMBER));
    }

    @Test
    void aSealedValueThatIsNoValidKeyOfTheFieldIsRefused() {
        // Genuine cursors, but of the wrong field: a year for an ID number, an ID number for a year.
        assertRefused(() -> cursors.decode(cursors.encode(2024), ID_NUMBER));
        assertRefused(() -> cursors.decode(cursors.encode(R1), YEAR));
        // A well-formed ID number with a wrong check character.
        assertRefused(() -> cursors.decode(cursors.encode("441900196203150481"), ID_NUMBER));
    }
}
