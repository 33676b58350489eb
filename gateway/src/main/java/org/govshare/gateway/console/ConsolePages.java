package org.govshare.gateway.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the console's page at {@code /console/} from the gateway's own static assets, and the sign-in settings its
 * scripts read. The page holds no data: everything it shows comes from the admin API with the user's token.
 */
@Controller
public class ConsolePages {
    private final ConsoleProperties properties;

    public ConsolePages(ConsoleProperties properties) {
        this.properties = properties;
    }

    /** The console's scripts are relative to {@code /console/}, and so is its redirect URI. */
    @GetMapping("/console")
    public String redirect() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    public String page() {
        return "forward:/console/index.html";
    }

    /** Sign-in settings: issuer endpoints, client id and scopes; {@code configured} is false without endpoints. */
    @GetMapping(path = "/console/config.json", produces = "application/json")
    public ResponseEntity<Map<String, Object>> configuration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("configured", properties.getAuthorizationUri() != null && properties.getTokenUri() != null);
        configuration.put("clientId", properties.getClientId());
        configuration.put("authorizationUri", properties.getAuthorizationUri());
        configuration.put("tokenUri", properties.getTokenUri());
        configuration.put("logoutUri", properties.getLogoutUri());
        configuration.put("scopes", properties.getScopes());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(configuration);
    }
}
