package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.error.GovshareException;
import org.junit.jupiter.api.Test;

class SubjectUploadTest {
    private static List<SubjectUpload.Line> read(String body, SubjectUpload.Format format) {
        SubjectUpload upload =
                new SubjectUpload(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), format, "idNumber");
        List<SubjectUpload.Line> lines = new ArrayList<>();
        upload.forEachRemaining(lines::add);
        return lines;
    }

    @Test
    void readsNdjsonSubjectsWithAndWithoutTheirOwnClaimsSkippingBlankLines() {
        List<SubjectUpload.Line> lines = read(
                "{\"idNumber\": \"A\"}\n\n{\"idNumber\": \"B\", \"claims\": {\"name\": \"张秀英\"}}\n",
                SubjectUpload.Format.NDJSON);

        assertThat(lines)
                .containsExactly(
                        new SubjectUpload.Line(1, "A", null), new SubjectUpload.Line(3, "B", Map.of("name", "张秀英")));
    }

    @Test
    void readsCsvWithClaimColumnsAfterTheKey() {
        List<SubjectUpload.Line> lines = read("idNumber,name\nA,张秀英\n\"B\",\"李, 建国\"\n", SubjectUpload.Format.CSV);

        assertThat(lines)
                .containsExactly(
                        new SubjectUpload.Line(2, "A", Map.of("name", "张秀英")),
                        new SubjectUpload.Line(3, "B", Map.of("name", "李, 建国")));
    }

    @Test
    void namesTheLineButNeverItsContentWhenInputIsBad() {
        assertThatThrownBy(() -> read("{\"idNumber\": \"A\"}\n{secret\n", SubjectUpload.Format.NDJSON))
                .isInstanceOf(GovshareException.class)
                .hasMessage("line 2: not a JSON object");
        assertThatThrownBy(() -> read("{\"idNumber\": \"A\", \"name\": \"x\"}\n", SubjectUpload.Format.NDJSON))
                .hasMessage("line 1: only idNumber and claims may be given");
        assertThatThrownBy(() -> read("name,idNumber\nx,A\n", SubjectUpload.Format.CSV))
                .hasMessage("line 1: the CSV header's first column must be idNumber");
        assertThatThrownBy(() -> read("idNumber,name\nA\n", SubjectUpload.Format.CSV))
                .hasMessage("line 2: expected 2 columns");
    }
}
