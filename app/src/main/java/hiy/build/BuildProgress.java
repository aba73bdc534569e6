package hiy.build;

import hiy.model.LineSink;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relays a build stream line by line and remembers the step that failed, if one did, and the layers the build
 * committed ("--> 764265aae2d" after each step), so a failed build's can be removed.
 */
final class BuildProgress extends ResultCallback.Adapter<BuildResponseItem> {
    private static final Pattern COMMITTED = Pattern.compile("^--> ([0-9a-f]{6,64})$");
    private final LineSink output;
    private final List<String> committed = new ArrayList<>();
    private String currentStep;
    private volatile String failure;

    BuildProgress(LineSink output) {
        this.output = output;
    }

    @Override
    public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            item.getStream().lines().map(String::stripTrailing).forEach(this::relay);
        }
        if (item.isErrorIndicated()) {
            String error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
            failure = currentStep == null
                    ? "the Dockerfile build failed: " + engineError(error)
                    : "the Dockerfile failed at " + currentStep + ": " + engineError(error);
        }
    }

    /** The request itself failed (Podman went away, refused the context): docker-java would log it as ERROR. */
    @Override
    public void onError(Throwable throwable) {
        failure = "Podman could not run the build: " + throwable.getMessage();
        try {
            close();
        } catch (IOException e) {
            failure += " (and closing the stream failed: " + e.getMessage() + ")";
        }
    }

    /** Null when the build succeeded. */
    String failure() {
        return failure;
    }

    /** The layers the build committed (or took from the cache), oldest first. */
    synchronized List<String> committed() {
        return List.copyOf(committed);
    }

    private void relay(String line) {
        if (line.startsWith("STEP ")) {
            currentStep = line;
        }
        Matcher layer = COMMITTED.matcher(line);
        if (layer.matches()) {
            synchronized (this) {
                committed.add(layer.group(1));
            }
        }
        output.line(line);
    }

    /**
     * Podman repeats the step we already name, says "while running runtime" for a failing RUN
     * and adds Go struct dumps to unknown instructions and failed COPY steps; the user needs none of that.
     */
    static String engineError(String error) {
        String text = error == null ? "unknown error" : error.strip();
        text = text.replaceFirst("^building at STEP \"[^\"]*\": ", "")
                .replaceFirst("^while running runtime: ", "")
                .replaceFirst("error during bulk transfer for copier\\.request\\{.*\\}: ", "");
        int dump = text.indexOf(" &imagebuilder.");
        return dump < 0 ? text : text.substring(0, dump);
    }
}
