package hiy.release;

import hiy.config.Settings;
import hiy.model.HealthCheck;
import hiy.store.Checks;

import java.time.Duration;

/** The health check an app's new processes must pass: what the user set, else the repo's app.json, else HIY's. */
public final class HealthChecks {
    private final Checks checks;
    private final Settings settings;

    public HealthChecks(Checks checks, Settings settings) {
        this.checks = checks;
        this.settings = settings;
    }

    public HealthCheck of(String app) {
        return checks.effective(app, new HealthCheck(HealthCheck.DEFAULT_PATH, HealthCheck.DEFAULT_SUCCESSES,
                HealthCheck.DEFAULT_INTERVAL, settings.bootTimeout(), settings.stopGrace()));
    }

    /** How long a retiring process of the app may take to finish its requests and stop. */
    Duration stopGrace(String app) {
        return of(app).stopGrace();
    }
}
