package hiy.dashboard;

import hiy.commands.Services;
import hiy.model.Durations;
import hiy.model.Sizes;
import hiy.store.Apps;
import hiy.store.Releases;
import hiy.usage.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The first page: every app the viewer may use, with its status, release, last deploy, memory and URL; live. */
final class AppsPage {
    static final String LIVE = "/?part=apps";

    private final Services hiy;

    AppsPage(Services hiy) {
        this.hiy = hiy;
    }

    String page(Viewer viewer) {
        return Html.page("Apps", viewer, "<h1>Apps</h1>" + Html.live(LIVE, part(viewer)));
    }

    /** The live part: the table, or how to push a first app. */
    String part(Viewer viewer) {
        List<Apps.App> apps = hiy.appAccess().visibleApps(viewer.who());
        if (apps.isEmpty()) {
            return "<p>You have no apps yet. Push one: git push ssh://" + Html.escape(hiy.hostHint().ssh())
                    + "/APP main</p>";
        }
        Instant now = Instant.now();
        StringBuilder rows = new StringBuilder();
        for (Apps.App a : apps) {
            Optional<Releases.Release> current = hiy.releases().current(a);
            String url = hiy.routes().url(a.name());
            String name = Html.escape(a.name());
            rows.append("<tr data-app=\"").append(name).append("\"><td><a href=\"/apps/").append(name).append("\">")
                    .append(name).append("</a></td><td>").append(badges(hiy, a)).append("</td><td>")
                    .append(current.map(r -> "v" + r.version()).orElse("-")).append("</td><td class=\"wide\">")
                    .append(current.map(r -> Html.escape(Durations.ago(r.createdAt(), now) + " by " + r.createdBy()))
                            .orElse("never deployed"))
                    .append("</td><td class=\"wide\">").append(memory(hiy, a.name()))
                    .append("</td><td class=\"wide\"><a href=\"").append(Html.escape(url))
                    .append("\" rel=\"noreferrer\">").append(Html.escape(url)).append("</a></td></tr>");
        }
        return "<table><thead><tr><th>App</th><th>Status</th><th>Release</th><th class=\"wide\">Last deploy</th>"
                + "<th class=\"wide\">Memory</th><th class=\"wide\">URL</th></tr></thead><tbody>" + rows
                + "</tbody></table>";
    }

    /** The app's status, and "building" beside it while a build of it waits or runs. */
    static String badges(Services hiy, Apps.App a) {
        return Html.badge(hiy.status().of(a)) + (hiy.builds().pending(a.name()) ? " " + Html.badge("building") : "");
    }

    /** What its processes hold now, as the last sample saw it. */
    static String memory(Services hiy, String app) {
        return hiy.usage().latest(app).map(Sample::rssBytes).filter(b -> b > 0).map(Sizes::bytes).orElse("-");
    }
}
