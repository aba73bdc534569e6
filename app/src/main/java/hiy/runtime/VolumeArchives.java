package hiy.runtime;

import hiy.model.Instance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A volume's files as one tar stream, with their owners, modes and times, through the podman command
 * ({@code podman volume export} / {@code import}): Podman's API has no export, and copying through a container's
 * archive endpoint gives every file to root, which a non-root app could no longer write. The command runs as HIY
 * runs, so it sees the same Podman storage as HIY's Podman service.
 */
public final class VolumeArchives {
    private static final int MAX_ERROR = 2000;

    /** Whether Podman has a volume of that name. */
    public boolean exists(String volume) throws RuntimeFailure {
        Process p = start(List.of("podman", "volume", "exists", volume), volume, false);
        CompletableFuture<String> err = errorsOf(p);
        try {
            p.getOutputStream().close();
            int exit = p.waitFor();
            if (exit == 0 || exit == 1) return exit == 0;
        } catch (IOException e) {
            // told below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new RuntimeFailure("`podman volume exists " + volume + "` failed: " + err.join().strip()
                + "; check that podman works for HIY's user");
    }

    /** Makes the volume with the labels (this HIY's, see {@link Instance#stamp}). */
    public void create(String volume, Map<String, String> labels) throws RuntimeFailure {
        List<String> command = new ArrayList<>(List.of("podman", "volume", "create"));
        labels.forEach((k, v) -> command.addAll(List.of("--label", k + "=" + v)));
        command.add(volume);
        Process p = start(command, volume, false);
        CompletableFuture<String> err = errorsOf(p);
        await(p, err, String.join(" ", command));
    }

    /** Ids of the running containers that mount the volume. */
    public List<String> runningUsers(String volume) throws RuntimeFailure {
        return ids(List.of("podman", "ps", "-q", "--no-trunc", "--filter", "volume=" + volume), volume);
    }

    /**
     * Freezes the containers where they are (their connections wait, nothing is lost), so a volume's files are of
     * one moment while they are read; refused where Podman cannot (rootless on cgroup v1). {@link #unpause} ends it.
     */
    public void pause(List<String> ids, String volume) throws RuntimeFailure {
        if (ids.isEmpty()) return;
        List<String> command = new ArrayList<>(List.of("podman", "pause"));
        command.addAll(ids);
        Process p = start(command, volume, false);
        await(p, errorsOf(p), "podman pause");
    }

    public void unpause(List<String> ids, String volume) throws RuntimeFailure {
        if (ids.isEmpty()) return;
        List<String> command = new ArrayList<>(List.of("podman", "unpause"));
        command.addAll(ids);
        Process p = start(command, volume, false);
        await(p, errorsOf(p), "podman unpause " + String.join(" ", ids));
    }

    /**
     * Unfreezes this HIY's containers a backup left paused (it died while it read a volume); returns how many. Run
     * at HIY's start.
     */
    public int unpauseLeftovers(Instance instance) throws RuntimeFailure {
        List<String> paused = ids(List.of("podman", "ps", "-a", "-q", "--no-trunc", "--filter", "status=paused",
                "--filter", "label=" + Instance.INSTANCE_LABEL + "=" + instance.id()), "of " + instance.id());
        unpause(paused, "of " + instance.id());
        return paused.size();
    }

    private static List<String> ids(List<String> command, String volume) throws RuntimeFailure {
        Process p = start(command, volume, true);
        CompletableFuture<String> err = errorsOf(p);
        String out;
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RuntimeFailure("could not read what `" + String.join(" ", command) + "` printed: "
                    + e.getMessage(), e);
        }
        await(p, err, String.join(" ", command));
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Deletes the volume and its files. */
    public void remove(String volume) throws RuntimeFailure {
        Process p = start(List.of("podman", "volume", "rm", volume), volume, false);
        await(p, errorsOf(p), "podman volume rm " + volume);
    }

    /** Writes the volume's files to {@code out} as a tar stream. */
    public void export(String volume, OutputStream out) throws RuntimeFailure {
        Process p = start(List.of("podman", "volume", "export", volume), volume, true);
        CompletableFuture<String> err = errorsOf(p);
        try (InputStream tar = p.getInputStream()) {
            p.getOutputStream().close();
            tar.transferTo(out);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RuntimeFailure("could not read the files of volume " + volume + " from `podman volume export`: "
                    + e.getMessage() + "; check the disk and run it again", e);
        }
        await(p, err, "podman volume export " + volume);
    }

    /** Puts the files of the tar stream {@code in} into the volume (which exists), over what it holds. */
    public void importInto(String volume, InputStream in) throws RuntimeFailure {
        Process p = start(List.of("podman", "volume", "import", volume, "-"), volume, false);
        CompletableFuture<String> err = errorsOf(p);
        try (OutputStream to = p.getOutputStream()) {
            in.transferTo(to);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RuntimeFailure("could not write the files of volume " + volume + " to `podman volume import`: "
                    + e.getMessage() + "; check the disk and run it again", e);
        }
        await(p, err, "podman volume import " + volume + " -");
    }

    /** Copies every file of volume {@code from} into volume {@code to} (which exists). */
    void copy(String from, String to) throws RuntimeFailure {
        Process export = start(List.of("podman", "volume", "export", from), from, true);
        CompletableFuture<String> exportErr = errorsOf(export);
        Process imp = start(List.of("podman", "volume", "import", to, "-"), to, false);
        CompletableFuture<String> importErr = errorsOf(imp);
        try (InputStream tar = export.getInputStream(); OutputStream into = imp.getOutputStream()) {
            export.getOutputStream().close();
            tar.transferTo(into);
        } catch (IOException e) {
            export.destroyForcibly();
            imp.destroyForcibly();
            throw new RuntimeFailure("could not copy the files of volume " + from + " to " + to + ": " + e.getMessage()
                    + "; check the disk and run it again", e);
        }
        await(export, exportErr, "podman volume export " + from);
        await(imp, importErr, "podman volume import " + to + " -");
    }

    /** {@code output}: whether the caller reads what the command prints (a tar stream); else it is dropped. */
    private static Process start(List<String> command, String volume, boolean output) throws RuntimeFailure {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        if (!output) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new RuntimeFailure("could not run `" + String.join(" ", command) + "` for volume " + volume + ": "
                    + e.getMessage() + "; HIY needs the podman command on its PATH to copy a volume's files", e);
        }
    }

    private static CompletableFuture<String> errorsOf(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try (InputStream err = p.getErrorStream()) {
                err.transferTo(text);
            } catch (IOException e) {
                return e.getMessage();
            }
            return text.toString(StandardCharsets.UTF_8);
        });
    }

    private static void await(Process p, CompletableFuture<String> err, String command) throws RuntimeFailure {
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("`" + command + "` was interrupted; run it again");
        }
        if (exit != 0) {
            String said = err.join().strip();
            if (said.length() > MAX_ERROR) said = said.substring(0, MAX_ERROR) + "…";
            throw new RuntimeFailure("`" + command + "` failed (exit " + exit + "): " + said
                    + "; run it by hand as HIY's user to see why");
        }
    }
}
