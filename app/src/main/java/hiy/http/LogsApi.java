package hiy.http;

import com.sun.net.httpserver.HttpExchange;
import hiy.commands.AppAccess;
import hiy.commands.AppOutput;
import hiy.commands.UserError;
import hiy.runtime.ContainerRuntime;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Processes;
import hiy.store.Releases;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hiy.http.Exchanges.object;

/**
 * An app's output, as `logs`: the last lines of its running processes (?lines=N, ?process=TYPE or web.2), and with
 * ?follow=1 the lines as they come, as Server-Sent Events until the processes stop or the client leaves.
 */
final class LogsApi {
    private final AppAccess appAccess;
    private final Releases releases;
    private final Processes processes;
    private final ConfigVars config;
    private final HostHint hostHint;
    private final ContainerRuntime runtime;
    private final LiveStreams streams;

    LogsApi(AppAccess appAccess, Releases releases, Processes processes, ConfigVars config, HostHint hostHint,
            ContainerRuntime runtime, LiveStreams streams) {
        this.appAccess = appAccess;
        this.releases = releases;
        this.processes = processes;
        this.config = config;
        this.hostHint = hostHint;
        this.runtime = runtime;
        this.streams = streams;
    }

    /** Answers the exchange; true when a stream took it over (it is closed there, not by the caller). */
    boolean logs(HttpExchange exchange, Caller caller, String name) throws ApiError, IOException {
        Apps.App app = caller.app(appAccess, name, false);
        Map<String, String> query = Exchanges.query(exchange);
        int lines = lines(query.get("lines"));
        AppOutput output;
        try {
            AppOutput.checkLines(lines, "lines=");
            output = AppOutput.of(releases, processes, config, hostHint, app,
                    query.get("process"));
        } catch (UserError e) {
            throw ApiError.of(e);
        }
        if (follows(query)) {
            streams.logs(exchange, output, lines);
            return true;
        }
        List<String> shown = new ArrayList<>();
        for (Processes.AppProcess p : output.processes()) {
            runtime.lastLogLines(p.container(), lines).forEach(l -> shown.add(output.show(p, l)));
        }
        Exchanges.reply(exchange, 200, object("app", name, "lines", shown));
        return false;
    }

    static boolean follows(Map<String, String> query) throws ApiError {
        String follow = query.get("follow");
        if (follow == null || follow.equals("0")) return false;
        if (follow.equals("1")) return true;
        throw new ApiError(400, "follow takes 1 (stream the lines as they come) or 0, not \"" + follow + "\"");
    }

    private static int lines(String text) throws ApiError {
        if (text == null) return AppOutput.DEFAULT_LINES;
        if (!text.matches("[0-9]{1,6}")) {
            throw new ApiError(400, "lines takes a number of lines, 0 to " + AppOutput.MAX_LINES + ", not \"" + text + "\"");
        }
        return Integer.parseInt(text);
    }
}
