package org.govshare.loadtest.bare;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The bare endpoint's four routes, one per workload it serves; JSON out with Jackson. */
@RestController
public class BareEndpointController {
    private final ResidentQueries queries;

    public BareEndpointController(ResidentQueries queries) {
        this.queries = queries;
    }

    /** W1. */
    @GetMapping("/residents/{idNumber}")
    public ResponseEntity<ResidentQueries.Resident> resident(@PathVariable String idNumber) throws SQLException {
        return found(queries.findResident(idNumber));
    }

    /** W2. */
    @GetMapping("/residents/{idNumber}/cross-source")
    public ResponseEntity<ResidentQueries.CrossSourceResident> crossSource(
            @PathVariable String idNumber, @RequestParam int year) throws SQLException {
        return found(queries.findCrossSource(idNumber, year));
    }

    /** W3. */
    @PostMapping("/verify-resident")
    public Map<String, String> verify(@RequestBody Claims claims) throws SQLException {
        return Map.of("outcome", queries.verify(claims.idNumber(), claims.name(), claims.birthDate()));
    }

    /** W4, with the street office's region prefix. */
    @GetMapping("/residents")
    public List<ResidentQueries.ListedResident> residents(@RequestParam String regionCode, @RequestParam int first)
            throws SQLException {
        return queries.listRegion(regionCode, "4419", first);
    }

    private static <T> ResponseEntity<T> found(Optional<T> value) {
        return value.map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** W3's claims about one resident. */
    public record Claims(String idNumber, String name, LocalDate birthDate) {
        public Claims {
            java.util.Objects.requireNonNull(idNumber, "idNumber is null");
            java.util.Objects.requireNonNull(name, "name is null");
            java.util.Objects.requireNonNull(birthDate, "birthDate is null");
        }
    }
}
