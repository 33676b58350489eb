package org.govshare.schema.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifierSchemeTest {
    @Test
    void normalizesEachSchemeByItsOwnRules() {
        assertThat(IdentifierScheme.RESIDENT_ID_NUMBER.normalize(" 44190019620315048x "))
                .contains("44190019620315048X");
        assertThat(IdentifierScheme.UNIFIED_SOCIAL_CREDIT_CODE.normalize("91441900ma4uj0k88k"))
                .contains("91441900MA4UJ0K88K");
    }

    @Test
    void refusesIdentifiersOfTheOtherScheme() {
        assertThat(IdentifierScheme.RESIDENT_ID_NUMBER.normalize("91441900MA4UJ0K88K"))
                .isEmpty();
        assertThat(IdentifierScheme.UNIFIED_SOCIAL_CREDIT_CODE.normalize("44190019620315048X"))
                .isEmpty();
        assertThat(IdentifierScheme.RESIDENT_ID_NUMBER.isValid("44190019620315048X"))
                .isTrue();
        assertThat(IdentifierScheme.UNIFIED_SOCIAL_CREDIT_CODE.isValid("44190019620315048X"))
                .isFalse();
    }
}
