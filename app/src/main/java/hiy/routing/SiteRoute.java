package hiy.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * How Caddy serves a static site: its file_server on the site's folder and nothing above it (Caddy cleans the
 * request path, so /../ cannot leave the folder), index.html for a folder, 404 for a file that is not there, types
 * by file extension, gzip or zstd when the client asks. The folder holds only regular files and folders that HIY
 * wrote, so the file server, which would follow a link, finds none.
 */
final class SiteRoute {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SiteRoute() { }

    static ObjectNode serving(Path folder) {
        ObjectNode subroute = JSON.objectNode().put("handler", "subroute");
        ArrayNode handle = subroute.putArray("routes").addObject().putArray("handle");
        // The type is the file's extension's; a browser must not guess another from the content (an uploaded
        // .txt run as HTML).
        handle.addObject().put("handler", "headers").putObject("response").putObject("set")
                .putArray("X-Content-Type-Options").add("nosniff");
        ObjectNode encode = handle.addObject().put("handler", "encode");
        encode.putObject("encodings").set("zstd", JSON.objectNode());
        ((ObjectNode) encode.get("encodings")).set("gzip", JSON.objectNode());
        encode.putArray("prefer").add("zstd").add("gzip");
        ObjectNode files = handle.addObject().put("handler", "file_server").put("root", folder.toString());
        files.putArray("index_names").add("index.html");
        return subroute;
    }
}
