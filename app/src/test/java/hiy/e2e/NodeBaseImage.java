package hiy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Node base image HIY uses by default, made from the host's own node and npm when Podman does not have it (no
 * registry can be pulled here; the recipe is in the platform notes). Tagged with HIY's default name so the tests
 * take the default path; removed again by whoever made it.
 */
final class NodeBaseImage implements AutoCloseable {
    static final String DEFAULT = "docker.io/library/node:22-bookworm-slim";
    private final TestBox box;
    private final boolean made;

    private NodeBaseImage(TestBox box, boolean made) {
        this.box = box;
        this.made = made;
    }

    static NodeBaseImage ensure(TestBox box) throws Exception {
        if (box.podman("image", "exists", DEFAULT).exit() == 0) return new NodeBaseImage(box, false);
        Path root = Files.createTempDirectory(box.root, "node-image");
        String script = String.join("\n",
                "set -e",
                "d=\"$1\"",
                "mkdir -p $d/usr/local/bin $d/usr/local/lib/node_modules $d/bin $d/usr/bin $d/etc/ssl/certs $d/tmp $d/root",
                "cp \"$(command -v node)\" $d/usr/local/bin/node",
                "cp -r \"$(dirname \"$(readlink -f \"$(command -v npm)\")\")/..\" $d/usr/local/lib/node_modules/npm",
                "ln -s ../lib/node_modules/npm/bin/npm-cli.js $d/usr/local/bin/npm",
                "ln -s ../lib/node_modules/npm/bin/npx-cli.js $d/usr/local/bin/npx",
                "for l in $(ldd \"$(command -v node)\" | grep -o '/[^ ]*'); do mkdir -p $d$(dirname $l); cp -L $l $d$l; done",
                "cp /etc/ssl/certs/ca-certificates.crt $d/etc/ssl/certs/",
                "cp /bin/busybox $d/bin/busybox",
                "for c in sh env ls cat rm mkdir cp mv; do ln -s busybox $d/bin/$c; done",
                "ln -s /bin/busybox $d/usr/bin/env",
                "echo 'root:x:0:0:root:/root:/bin/sh' > $d/etc/passwd",
                "chmod 1777 $d/tmp",
                "tar -C $d -c -f \"$2\" .");
        Path tar = root.resolve("node.tar");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh", root.resolve("fs").toString(), tar.toString()));
        try {
            TestBox.run(box.root, cmd, Map.of()).assertOk();
            // Into the Podman the box's HIY uses (HIY_E2E_USER's own storage when it runs rootless).
            TestBox.podmanWithInput(tar, "import", "-c", "ENV PATH=/usr/local/bin:/usr/bin:/bin",
                    "-c", "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt", "-", DEFAULT).assertOk();
        } finally {
            TestBox.run(Path.of("/"), List.of("rm", "-rf", root.toString()), Map.of());
        }
        return new NodeBaseImage(box, true);
    }

    @Override
    public void close() throws Exception {
        // After the box is closed (its apps' images, built on this one, go first) and its folder is gone.
        if (made) TestBox.podmanWithInput(Path.of("/dev/null"), "rmi", DEFAULT).assertOk();
    }
}
