package org.govshare.gateway.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves GraphiQL at {@code /graphiql} from the gateway's own assets, so it works without internet access. */
@Controller
public class GraphiQlPage {
    @GetMapping("/graphiql")
    public String graphiql() {
        return "forward:/graphiql/index.html";
    }
}
