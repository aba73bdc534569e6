package hiy.store;

import hiy.model.HealthCheck;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.time.Duration;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Health checks per app, from two sources: what the user set (checks:set) and the repo's app.json. */
public final class Checks {
    public static final String USER = "user";
    public static final String APP_JSON = "app.json";

    static final Table<Record> CHECKS = table("checks");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> SOURCE = field("source", String.class);
    static final Field<String> PATH = field("path", String.class);
    static final Field<Integer> SUCCESSES = field("successes", Integer.class);
    static final Field<Long> INTERVAL_MS = field("interval_ms", Long.class);
    static final Field<Long> BOOT_TIMEOUT_S = field("boot_timeout_s", Long.class);
    static final Field<Long> STOP_GRACE_S = field("stop_grace_s", Long.class);

    private final DSLContext sql;

    public Checks(Database db) {
        this.sql = db.sql();
    }

    public HealthCheck.Overrides of(String app, String source) {
        return sql.select(PATH, SUCCESSES, INTERVAL_MS, BOOT_TIMEOUT_S, STOP_GRACE_S).from(CHECKS)
                .where(APP.eq(app).and(SOURCE.eq(source)))
                .fetchOptional(r -> new HealthCheck.Overrides(r.get(PATH), r.get(SUCCESSES),
                        millis(r.get(INTERVAL_MS)), seconds(r.get(BOOT_TIMEOUT_S)), seconds(r.get(STOP_GRACE_S))))
                .orElse(HealthCheck.Overrides.NONE);
    }

    /** The check in force: user settings over app.json over HIY's defaults. */
    public HealthCheck effective(String app, HealthCheck defaults) {
        return of(app, USER).over(of(app, APP_JSON)).over(defaults);
    }

    public void put(String app, String source, HealthCheck.Overrides o) {
        sql.transaction(tx -> {
            tx.dsl().deleteFrom(CHECKS).where(APP.eq(app).and(SOURCE.eq(source))).execute();
            if (o.equals(HealthCheck.Overrides.NONE)) return;
            tx.dsl().insertInto(CHECKS).set(APP, app).set(SOURCE, source).set(PATH, o.path())
                    .set(SUCCESSES, o.successes())
                    .set(INTERVAL_MS, o.interval() == null ? null : o.interval().toMillis())
                    .set(BOOT_TIMEOUT_S, o.bootTimeout() == null ? null : o.bootTimeout().toSeconds())
                    .set(STOP_GRACE_S, o.stopGrace() == null ? null : o.stopGrace().toSeconds()).execute();
        });
    }

    private static Duration millis(Long v) {
        return v == null ? null : Duration.ofMillis(v);
    }

    private static Duration seconds(Long v) {
        return v == null ? null : Duration.ofSeconds(v);
    }
}
