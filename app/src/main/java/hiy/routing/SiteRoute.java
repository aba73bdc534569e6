package hiy.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * How Caddy serves a static site: its file_server on the site's folder and nothing above it (Caddy cleans the
 * request path, so /../ cannot leave the folder), index.html for a folder, 404 for a file that is not there (with
 * the site's own 404.html when it has one), types
 * by file extension, gzip or zstd when the client asks. The folder holds only regular files and folders that HIY
 * wrote, so the file server, which would follow a link, finds none.
 */
final class SiteRoute {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SiteRoute() { }

    /** The site's own page for what is not there, served with status 404 when the folder holds one. */
    static final String NOT_FOUND_PAGE = "404.html";

    static ObjectNode serving(Path folder) {
        ObjectNode subroute = JSON.objectNode().put("handler", "subroute");
        ArrayNode routes = subroute.putArray("routes");
        ArrayNode every = routes.addObject().putArray("handle");
        // The type is the file's extension's; a browser must not guess another from the content (an uploaded
        // .txt run as HTML).
        every.addObject().put("handler", "headers").putObject("response").putObject("set")
                .putArray("X-Content-Type-Options").add("nosniff");
        ObjectNode encode = every.addObject().put("handler", "encode");
        encode.putObject("encodings").set("zstd", JSON.objectNode());
        ((ObjectNode) encode.get("encodings")).set("gzip", JSON.objectNode());
        encode.putArray("prefer").add("zstd").add("gzip");
        if (!Files.isRegularFile(folder.resolve(NOT_FOUND_PAGE), LinkOption.NOFOLLOW_LINKS)) {
            routes.addObject().putArray("handle").add(files(folder));
            return subroute;
        }
        // A file (or a folder's index) that is there is served; anything else gets the site's 404.html, as 404.
        ObjectNode found = routes.addObject();
        found.putArray("match").addObject().putObject("file").put("root", folder.toString())
                .putArray("try_files").add("{http.request.uri.path}").add("{http.request.uri.path}/index.html");
        found.putArray("handle").add(files(folder));
        found.put("terminal", true);
        ArrayNode missing = routes.addObject().putArray("handle");
        missing.addObject().put("handler", "rewrite").put("uri", "/" + NOT_FOUND_PAGE);
        missing.add(files(folder).put("status_code", 404));
        return subroute;
    }

    private static ObjectNode files(Path folder) {
        ObjectNode files = JSON.objectNode().put("handler", "file_server").put("root", folder.toString());
        files.putArray("index_names").add("index.html");
        return files;
    }
}
