package hiy.dashboard;

import hiy.commands.ReleaseChange;
import hiy.commands.Services;
import hiy.model.Durations;
import hiy.model.HealthCheck;
import hiy.release.Supervisor;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Processes;
import hiy.store.Releases;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One app: its status, processes and scale, usage of the last hour, the running build's log, its live log (with a
 * process filter), releases with rollback, config, domains and health check. What it shows is read here; every
 * change goes to the API, as a token's would, with the session's CSRF token (see dashboard.js).
 */
final class AppPage {
    private final Services hiy;

    AppPage(Services hiy) {
        this.hiy = hiy;
    }

    String page(Viewer viewer, Apps.App app) {
        String name = Html.escape(app.name());
        String api = "/api/apps/" + name;
        String live = "/apps/" + name + "?part=live";
        String body = Html.live(live + "&section=head", head(app))
                + "<h2>Processes</h2><section data-action>" + Html.live(live + "&section=processes", processes(app))
                + scaleForm(app, api) + "<output></output></section>"
                + "<h2>Usage, last hour</h2>" + Html.live(live + "&section=usage", UsageCharts.app(hiy.usage().app(app.name())))
                + Html.live(live + "&section=build", build(app, api))
                + "<h2>Log</h2>" + log(app, api)
                + "<h2>Releases</h2><section data-action>" + Html.live(live + "&section=releases", releases(app, api))
                + "<output></output></section>"
                + "<h2>Config</h2><section data-action>" + Html.live(live + "&section=config", config(app, api))
                + "<p><button type=\"button\" data-reveal=\"" + api + "/config?values=1\">Show values</button></p>"
                + configForm(api) + "<output></output></section>"
                + "<h2>Domains and health check</h2>" + domains(app);
        return Html.page(app.name(), viewer, body);
    }

    /** One live part of the page, by its name; null when there is no such part. */
    String part(Apps.App app, String section) {
        String api = "/api/apps/" + Html.escape(app.name());
        return switch (section == null ? "" : section) {
            case "head" -> head(app);
            case "processes" -> processes(app);
            case "usage" -> UsageCharts.app(hiy.usage().app(app.name()));
            case "build" -> build(app, api);
            case "releases" -> releases(app, api);
            case "config" -> config(app, api);
            default -> null;
        };
    }

    private String head(Apps.App app) {
        Optional<Releases.Release> current = hiy.releases().current(app);
        String url = hiy.routes().url(app.name());
        return "<h1>" + Html.escape(app.name()) + " " + AppsPage.badges(hiy, app) + "</h1><p><a href=\""
                + Html.escape(url) + "\" rel=\"noreferrer\">" + Html.escape(url) + "</a> · "
                + current.map(r -> "v" + r.version() + " (" + Html.escape(r.kind()) + ", commit "
                + Html.escape(shortSha(r.sha())) + ")").orElse("not deployed yet") + " · memory "
                + AppsPage.memory(hiy, app.name()) + "</p>";
    }

    private String processes(Apps.App app) {
        if (current(app).map(Releases.Release::isStatic).orElse(false)) {
            return "<p>A static site: Caddy serves its files, no process runs, so there is nothing to scale.</p>";
        }
        List<Processes.AppProcess> running = hiy.processes().of(app.name());
        if (running.isEmpty()) {
            return "<p>" + (app.stopped() ? "Stopped: no process runs." : "No process runs yet.") + "</p>";
        }
        StringBuilder rows = new StringBuilder();
        for (Processes.AppProcess p : running) {
            Supervisor.Health health = hiy.supervisor().health(app.name(), p.name());
            boolean up = hiy.runtime().isRunning(p.container());
            rows.append("<tr><td>").append(Html.escape(p.name())).append("</td><td>v").append(p.release())
                    .append("</td><td>").append(Html.badge(up ? "running" : "crashed")).append("</td><td>")
                    .append(health.restarts()).append(health.crashLoop() ? " (crash loop)" : "")
                    .append("</td><td class=\"wide\">").append(Html.escape(health.lastExit() == null ? "-" : health.lastExit()))
                    .append("</td></tr>");
        }
        return "<table><thead><tr><th>Process</th><th>Release</th><th>State</th><th>Restarts</th>"
                + "<th class=\"wide\">Last exit</th></tr></thead><tbody>" + rows + "</tbody></table>";
    }

    private String scaleForm(Apps.App app, String api) {
        if (current(app).map(Releases.Release::isStatic).orElse(false)) return "";
        Map<String, Integer> formation = hiy.formation().of(app.name(), current(app));
        if (formation.isEmpty()) return "";
        StringBuilder fields = new StringBuilder();
        formation.forEach((type, n) -> fields.append("<label>").append(Html.escape(type))
                .append(" <input type=\"number\" min=\"0\" max=\"100\" name=\"").append(Html.escape(type))
                .append("\" value=\"").append(n).append("\"></label> "));
        return "<form data-api=\"PUT " + api + "/formation\" data-progress=\"Scaling (new processes must pass their"
                + " health check)\">" + fields + "<button type=\"submit\">Scale</button> <button type=\"button\""
                + " data-api=\"POST " + api + "/restart\" data-progress=\"Restarting (health-gated)\">Restart</button></form>";
    }

    private String build(Apps.App app, String api) {
        Optional<Builds.Build> pending = hiy.builds().firstPending(app.name());
        if (pending.isEmpty()) return "";
        Builds.Build b = pending.get();
        return "<h2>Build " + b.id() + " of " + Html.escape(shortSha(b.sha())) + "</h2><pre class=\"log build\" data-again=\"no\""
                + " data-follow=\"" + api + "/builds/" + b.id() + "?follow=1\"></pre>";
    }

    private String log(Apps.App app, String api) {
        Set<String> choices = new LinkedHashSet<>();
        Set<String> names = new TreeSet<>();
        for (Processes.AppProcess p : hiy.processes().of(app.name())) {
            choices.add(p.type());
            names.add(p.name());
        }
        choices.addAll(names);
        StringBuilder options = new StringBuilder("<option value=\"\">all processes</option>");
        for (String c : choices) options.append("<option>").append(Html.escape(c)).append("</option>");
        String base = api + "/logs?follow=1&amp;lines=50";
        return "<p><label>Show <select data-filter=\"logs\">" + options + "</select></label></p>"
                + "<pre id=\"logs\" class=\"log\" data-base=\"" + base + "\" data-follow=\"" + base + "\"></pre>";
    }

    private String releases(Apps.App app, String api) {
        Instant now = Instant.now();
        StringBuilder rows = new StringBuilder();
        List<Releases.Release> history = hiy.releases().of(app.name());
        for (int i = 0; i < history.size(); i++) {
            Releases.Release r = history.get(i);
            boolean current = Integer.valueOf(r.version()).equals(app.currentRelease());
            rows.append("<tr data-release=\"v").append(r.version()).append("\"><td>v").append(r.version())
                    .append(current ? " (current)" : "").append("</td><td>")
                    .append(Html.escape(ReleaseChange.of(hiy.releases(), hiy.config(), history, i)))
                    .append("</td><td class=\"wide\">").append(Html.escape(shortSha(r.sha()))).append("</td><td>")
                    .append(Html.escape(Durations.ago(r.createdAt(), now) + " by " + r.createdBy())).append("</td><td>");
            if (!current) {
                rows.append("<button type=\"button\" data-api=\"POST ").append(api).append("/rollback?release=v")
                        .append(r.version()).append("\" data-confirm=\"Roll ").append(Html.escape(app.name()))
                        .append(" back to v").append(r.version()).append("?\" data-progress=\"Rolling back to v")
                        .append(r.version()).append(" (health-gated: the new containers must answer first)\">Roll back")
                        .append("</button>");
            }
            rows.append("</td></tr>");
        }
        if (rows.isEmpty()) return "<p>No releases yet: the first push makes v1.</p>";
        return "<table><thead><tr><th>Release</th><th>What changed</th><th class=\"wide\">Commit</th><th>When</th><th></th>"
                + "</tr></thead><tbody>" + rows + "</tbody></table>";
    }

    private String config(Apps.App app, String api) {
        Set<String> keys = new TreeSet<>(hiy.config().of(app.name()).keySet());
        if (keys.isEmpty()) return "<p>No config vars.</p>";
        StringBuilder rows = new StringBuilder();
        for (String key : keys) {
            String k = Html.escape(key);
            rows.append("<tr><td>").append(k).append("</td><td data-key=\"").append(k).append("\">••••••</td><td>")
                    .append("<button type=\"button\" data-api=\"PUT ").append(api).append("/config\" data-body=\"")
                    .append(Html.escape("{\"" + key + "\":null}")).append("\" data-confirm=\"Unset ").append(k)
                    .append(" (a new release, restarted)?\" data-progress=\"Unsetting ").append(k).append("\">Unset</button></td></tr>");
        }
        return "<table><thead><tr><th>Name</th><th>Value</th><th></th></tr></thead><tbody>" + rows + "</tbody></table>";
    }

    private static String configForm(String api) {
        return "<form data-api=\"PUT " + api + "/config\" data-shape=\"config\" data-progress=\"Setting (a new release,"
                + " health-gated)\"><label>Name <input name=\"key\" required pattern=\"[A-Za-z_][A-Za-z0-9_]*\""
                + " autocomplete=\"off\"></label> <label>Value <input name=\"value\" autocomplete=\"off\"></label>"
                + " <label><input type=\"checkbox\" name=\"norestart\" value=\"1\"> no restart (goes live at the next"
                + " restart)</label> <button type=\"submit\">Set</button></form>";
    }

    private String domains(Apps.App app) {
        StringBuilder list = new StringBuilder("<ul><li>").append(Html.escape(hiy.routes().url(app.name()))).append("</li>");
        for (String d : hiy.domains().of(app.name())) list.append("<li>").append(Html.escape(d)).append("</li>");
        HealthCheck check = hiy.healthChecks().of(app.name());
        return list + "</ul><p>Health check: GET " + Html.escape(check.path()) + ", " + check.successes()
                + " answer(s) below 500 in a row, every " + check.interval().toMillis() + " ms, within "
                + check.bootTimeout().toSeconds() + " s of the start; old processes get " + check.stopGrace().toSeconds()
                + " s to stop. Change it: ssh " + Html.escape(hiy.hostHint().ssh()) + " checks:set " + Html.escape(app.name())
                + "</p>";
    }

    private Optional<Releases.Release> current(Apps.App app) {
        return hiy.releases().current(app);
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }
}
