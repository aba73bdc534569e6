package hiy.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's pages: one page shape, every value escaped, and the headers every answer carries: no caching, no
 * framing, no scripts or styles from anywhere but the page itself (everything is served by HIY: the box may have no
 * internet), no referrer (a login link holds a secret).
 */
final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2125;background:#f6f7f9}
            header{background:#1d2125;color:#fff;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:center}
            header form{margin:0}main{padding:1rem;max-width:60rem}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e5e8}
            .badge{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-size:.85rem;background:#e3e5e8}
            .running{background:#cdeccf}.degraded,.idle{background:#fbe7b5}.crashed,.crash-loop{background:#f7c6c4}
            .stopped,.new{background:#e3e5e8}button{font:inherit}
            @media (max-width:40rem){td:nth-child(4),th:nth-child(4),td:nth-child(5),th:nth-child(5){display:none}}
            """;

    private Html() { }

    static String escape(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page; head is extra markup for the head (already escaped), body the page's own (already escaped). */
    static String page(String title, String head, String header, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · HIY</title><style>" + STYLE + "</style>" + head + "</head><body>"
                + "<header><strong>HIY</strong>" + header + "</header><main>" + body + "</main></body></html>";
    }

    static void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/html; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (head) return;
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
