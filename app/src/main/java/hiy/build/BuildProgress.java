package hiy.build;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;

import java.io.IOException;

/** Relays a build stream line by line and remembers the step that failed, if one did. */
final class BuildProgress extends ResultCallback.Adapter<BuildResponseItem> {
    private final LineSink output;
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

    private void relay(String line) {
        if (line.startsWith("STEP ")) {
            currentStep = line;
        }
        output.line(line);
    }

    /**
     * Podman repeats the step we already name, says "while running runtime" for a failing RUN
     * and appends a Go struct dump to unknown instructions; the user needs none of that.
     */
    static String engineError(String error) {
        String text = error == null ? "unknown error" : error.strip();
        text = text.replaceFirst("^building at STEP \"[^\"]*\": ", "")
                .replaceFirst("^while running runtime: ", "");
        int dump = text.indexOf(" &imagebuilder.");
        return dump < 0 ? text : text.substring(0, dump);
    }
}
