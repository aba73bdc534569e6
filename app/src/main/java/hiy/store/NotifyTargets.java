package hiy.store;

import hiy.secrets.Secrets;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Where an app's events are told (notify:set): the URL sealed at rest, found again by its hash. */
public final class NotifyTargets {
    static final Table<Record> TARGETS = table("notify_targets");
    static final Field<String> APP = field("app", String.class);
    static final Field<byte[]> URL = field("url", byte[].class);
    static final Field<String> URL_HASH = field("url_hash", String.class);
    static final Field<String> URL_HINT = field("url_hint", String.class);
    static final Field<String> KIND = field("kind", String.class);
    static final Field<String> EVENTS = field("events", String.class);
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);

    /** app null: every app. hint: the URL without its secret parts, to show. events: deploy, fail, crash, rollback. */
    public record Target(String app, String url, String hint, String kind, List<String> events, String user) { }

    private final DSLContext sql;
    private final Secrets secrets;

    public NotifyTargets(Database db, Secrets secrets) {
        this.sql = db.sql();
        this.secrets = secrets;
    }

    /** Adds the target, replacing one of the same app and URL (its kind and events change). */
    public void set(Target t) {
        sql.transaction(tx -> {
            tx.dsl().deleteFrom(TARGETS).where(scope(t.app()).and(URL_HASH.eq(hash(t.url())))).execute();
            tx.dsl().insertInto(TARGETS).set(APP, t.app()).set(URL, secrets.encrypt(t.url())).set(URL_HASH, hash(t.url()))
                    .set(URL_HINT, t.hint()).set(KIND, t.kind()).set(EVENTS, String.join(",", t.events()))
                    .set(USER_NAME, t.user()).set(CREATED_AT, System.currentTimeMillis()).execute();
        });
    }

    /** Returns false when there was no such target. */
    public boolean unset(String app, String url) {
        return sql.deleteFrom(TARGETS).where(scope(app).and(URL_HASH.eq(hash(url)))).execute() > 0;
    }

    /** The targets of the app alone (app null: those of every app), without their URLs: to show. */
    public List<Target> listed(String app) {
        return sql.select(APP, URL_HINT, KIND, EVENTS, USER_NAME).from(TARGETS).where(scope(app)).orderBy(CREATED_AT)
                .fetch(r -> new Target(r.get(APP), null, r.get(URL_HINT), r.get(KIND), List.of(r.get(EVENTS).split(",")),
                        r.get(USER_NAME)));
    }

    /** Where an event of the app goes: its own targets and those of every app, with their URLs. */
    public List<Target> forEvent(String app, String event) {
        return sql.select(APP, URL, URL_HINT, KIND, EVENTS, USER_NAME).from(TARGETS).where(APP.eq(app).or(APP.isNull()))
                .orderBy(CREATED_AT).fetch(r -> new Target(r.get(APP), secrets.decrypt(r.get(URL)), r.get(URL_HINT),
                        r.get(KIND), List.of(r.get(EVENTS).split(",")), r.get(USER_NAME)))
                .stream().filter(t -> t.events().contains(event)).toList();
    }

    private static Condition scope(String app) {
        return app == null ? APP.isNull() : APP.eq(app);
    }

    private static String hash(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
