package hiy.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's one script (in HIY's jar, beside this class: no CDN, no build step): it keeps a page's live parts
 * fresh, follows logs and sends changes to the API. Read once, when first asked for.
 */
final class Script {
    static final String PATH = "/assets/dashboard.js";

    private Script() { }

    private static final class Text {
        static final String JS = read();

        private static String read() {
            try (InputStream in = Script.class.getResourceAsStream("dashboard.js")) {
                if (in == null) throw new IllegalStateException("dashboard.js is missing from HIY's jar; rebuild HIY");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void send(HttpExchange exchange) throws IOException {
        Html.send(exchange, 200, "text/javascript; charset=utf-8", Text.JS);
    }
}
