package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.govshare.policy.model.MaskKind;
import org.junit.jupiter.api.Test;

class MasksTest {
    @Test
    void idNumberKeepsOnlyItsRegion() {
        assertThat(Masks.apply(MaskKind.ID_NUMBER, "44190019620315048X")).isEqualTo("441900************");
        assertThat(Masks.apply(MaskKind.ID_NUMBER, "4419")).isEqualTo("****");
    }

    @Test
    void addressIsCutAfterTheTownOrCountyLevel() {
        assertThat(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, "广东省东莞市南城街道鸿福路88号"))
                .isEqualTo("广东省东莞市南城街道");
        assertThat(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, "广东省东莞市虎门镇连升路26号")).isEqualTo("广东省东莞市虎门镇");
        assertThat(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, "北京市朝阳区建国路1号")).isEqualTo("北京市朝阳区");
        assertThat(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, "somewhere 12")).isEqualTo("***");
        assertThat(Masks.apply(MaskKind.ADDRESS_TO_DISTRICT, null)).isNull();
    }
}
