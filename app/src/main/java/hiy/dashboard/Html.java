package hiy.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's pages: one page shape, every value escaped, and the headers every answer carries: no caching, no
 * framing, no scripts or styles from anywhere but HIY itself (everything is served by HIY: the box may have no
 * internet; the one script is {@link Script}'s), no referrer (a login link holds a secret).
 */
final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2125;background:#f6f7f9}
            header{background:#1d2125;color:#fff;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:center}
            header form{margin:0}main{padding:1rem;max-width:60rem}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e5e8}
            .badge{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-size:.85rem;background:#e3e5e8}
            .running{background:#cdeccf}.degraded,.idle{background:#fbe7b5}.crashed,.crash-loop{background:#f7c6c4}
            .stopped,.new{background:#e3e5e8}.building{background:#c9def7}.static{background:#dcd3f2}button{font:inherit}
            header a{color:#fff;margin-right:1rem}a{color:#0b57a4}h2{margin:1.4rem 0 .5rem;font-size:1.1rem}
            section{margin-bottom:1rem}.cards{display:flex;flex-wrap:wrap;gap:.8rem}
            .card{background:#fff;border:1px solid #e3e5e8;border-radius:.4rem;padding:.6rem .8rem;min-width:12rem}
            .card b{display:block;font-size:1.3rem}svg.spark{width:12rem;height:2.5rem;display:block}
            svg.spark polyline{fill:none;stroke:#0b57a4;stroke-width:1.5}
            pre.log{background:#1d2125;color:#e3e5e8;padding:.6rem;height:16rem;overflow:auto;white-space:pre-wrap;margin:0}
            pre.build{height:10rem}.muted{color:#6b7177}.ok{color:#1c7c2a}.fail{color:#b3261e}
            output{display:block;margin:.4rem 0;white-space:pre-wrap}input,select{font:inherit;max-width:100%}
            @media (max-width:40rem){.wide{display:none}main{padding:.5rem}}
            """;

    /** The page's own script and the API on this origin, nothing else; styles inline (one page's worth). */
    static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline';"
            + " img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

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

    /** A logged-in page: the navigation, who is logged in with the logout form, the CSRF token for the script. */
    static String page(String title, Viewer viewer, String body) {
        String head = "<meta name=\"csrf\" content=\"" + escape(viewer.csrf()) + "\"><script src=\"" + Script.PATH
                + "\" defer></script>";
        String header = "<nav><a href=\"/\">Apps</a>" + (viewer.who().admin() ? "<a href=\"/box\">Box</a>" : "")
                + "</nav><form method=\"post\" action=\"/logout\"><span>" + escape(viewer.who().user())
                + (viewer.who().admin() ? " (admin)" : "") + "</span> <input type=\"hidden\" name=\"csrf\" value=\""
                + escape(viewer.csrf()) + "\"><button type=\"submit\">Log out</button></form>";
        return page(title, head, header, body);
    }

    /** A part of a page that the script reloads from url every few seconds, as long as it is shown. */
    static String live(String url, String inner) {
        return "<div data-refresh=\"" + escape(url) + "\">" + inner + "</div>";
    }

    static String badge(String status) {
        return "<span class=\"badge " + escape(status) + "\">" + escape(status) + "</span>";
    }

    static void send(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html);
    }

    static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CSP);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (head) return;
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
