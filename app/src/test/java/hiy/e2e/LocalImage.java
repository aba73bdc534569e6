package hiy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A base image HIY uses by default, made here from the host's own programs when Podman does not have it (no
 * registry can be pulled on these machines; the recipes follow the platform notes): a root file system is put
 * together by a shell script, imported, and tagged with HIY's default name, so the tests take the default path.
 * Removed again by whoever made it.
 */
final class LocalImage implements AutoCloseable {
    /** busybox for /bin/sh and the usual tools, the CA bundle the box's egress needs, a root user, /tmp. */
    private static final String BASICS = String.join("\n",
            "mkdir -p $d/bin $d/usr/bin $d/usr/lib $d/usr/local/bin $d/etc/ssl/certs $d/tmp $d/root",
            "cp /bin/busybox $d/bin/busybox",
            "for c in sh env ls cat rm mkdir cp mv grep head; do ln -s busybox $d/bin/$c; done",
            "ln -s /bin/busybox $d/usr/bin/env",
            "cp /etc/ssl/certs/ca-certificates.crt $d/etc/ssl/certs/",
            "echo 'root:x:0:0:root:/root:/bin/sh' > $d/etc/passwd",
            "chmod 1777 $d/tmp",
            // The shared libraries of every program and module copied so far.
            "libs() { for f in \"$@\"; do ldd \"$f\" 2>/dev/null | grep -o '/[^ ]*' ; done | sort -u | while read -r l; do"
                    + " mkdir -p $d$(dirname $l); [ -e $d$l ] || cp -L $l $d$l; done; }");

    /** Debian's python3 with pip (Debian's own EXTERNALLY-MANAGED marker left out, as in the official image). */
    static final String PYTHON = String.join("\n",
            "py=$(readlink -f /usr/bin/python3); v=$(basename $py)",
            "cp $py $d/usr/bin/$v; ln -s $v $d/usr/bin/python3; ln -s python3 $d/usr/bin/python",
            "cp -r /usr/lib/$v $d/usr/lib/; rm -f $d/usr/lib/$v/EXTERNALLY-MANAGED",
            "mkdir -p $d/usr/lib/python3 $d/usr/share; cp -r /usr/lib/python3/dist-packages $d/usr/lib/python3/",
            "cp -r /usr/share/python-wheels $d/usr/share/",
            "printf '#!/bin/sh\\nexec python3 -m pip \"$@\"\\n' > $d/usr/local/bin/pip; chmod 755 $d/usr/local/bin/pip",
            "libs $py $(find $d/usr/lib/$v/lib-dynload -name '*.so')");

    /** Debian's Go toolchain, at the GOROOT its go binary was built for. */
    static final String GO = String.join("\n",
            "root=$(/usr/bin/go env GOROOT); share=/usr/share/$(basename $root)",
            "mkdir -p $d$root $d$share; cp -a $root/. $d$root/; cp -a $share/. $d$share/",
            "ln -s $root/bin/go $d/usr/local/bin/go; ln -s $root/bin/gofmt $d/usr/local/bin/gofmt",
            "libs $root/bin/* $root/pkg/tool/*/*");

    /** Only the basics: a small runtime image for a static binary. */
    static final String PLAIN = ":";

    private final TestBox box;
    private final String name;
    private final boolean made;

    private LocalImage(TestBox box, String name, boolean made) {
        this.box = box;
        this.name = name;
        this.made = made;
    }

    /** The image of that name, made with the recipe (a script over $d) and these ENV lines unless Podman has it. */
    static LocalImage ensure(TestBox box, String name, String recipe, List<String> env) throws Exception {
        if (box.podman("image", "exists", name).exit() == 0) return new LocalImage(box, name, false);
        Path work = Files.createTempDirectory("hiy-e2e-image-");
        try {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path rootfs = work.resolve("rootfs");
            Path tar = work.resolve("rootfs.tar");
            String script = String.join("\n", "set -e", "d=\"$1\"", "mkdir -p $d", BASICS, recipe,
                    "tar -C $d -cf \"$2\" .", "chmod 644 \"$2\"");
            TestBox.run(work, List.of("sh", "-c", script, "sh", rootfs.toString(), tar.toString()), Map.of()).assertOk();
            List<String> args = new ArrayList<>(List.of("import"));
            for (String e : env) args.addAll(List.of("--change", "ENV " + e));
            args.addAll(List.of(tar.toString(), name));
            box.podman(args.toArray(String[]::new)).assertOk();
        } finally {
            TestBox.run(Path.of("/"), List.of("rm", "-rf", work.toString()), Map.of());
        }
        return new LocalImage(box, name, true);
    }

    @Override
    public void close() throws Exception {
        // After the box is closed: its apps' images, built on this one, go first.
        if (made) TestBox.podmanOutsideABox("rmi", "-f", name);
    }
}
