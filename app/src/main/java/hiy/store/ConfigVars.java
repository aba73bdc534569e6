package hiy.store;

import hiy.secrets.Secrets;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** An app's config vars, each value sealed with {@link Secrets}; opened only when a container starts. */
public final class ConfigVars {
    static final Table<Record> CONFIG = table("config");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> KEY = field("key", String.class);
    static final Field<byte[]> VALUE = field("value_age", byte[].class);
    static final Field<Long> UPDATED_AT = field("updated_at", Long.class);

    private final DSLContext sql;
    private final Secrets secrets;

    public ConfigVars(Database db, Secrets secrets) {
        this.sql = db.sql();
        this.secrets = secrets;
    }

    /** All vars, sorted by key, values opened. */
    public Map<String, String> of(String app) {
        Map<String, String> vars = new TreeMap<>();
        sql.select(KEY, VALUE).from(CONFIG).where(APP.eq(app))
                .forEach(r -> vars.put(r.get(KEY), secrets.decrypt(r.get(VALUE))));
        return vars;
    }

    /** Sets all given vars in one transaction, so two concurrent calls never lose a key. */
    public void set(String app, Map<String, String> vars) {
        long now = System.currentTimeMillis();
        sql.transaction(tx -> {
            for (Map.Entry<String, String> e : vars.entrySet()) {
                byte[] sealed = secrets.encrypt(e.getValue());
                tx.dsl().insertInto(CONFIG).set(APP, app).set(KEY, e.getKey()).set(VALUE, sealed).set(UPDATED_AT, now)
                        .onConflict(APP, KEY).doUpdate().set(VALUE, sealed).set(UPDATED_AT, now).execute();
            }
        });
    }

    /** Makes the app's config exactly these vars, in one transaction (a rollback puts back an older config). */
    public void replace(String app, Map<String, String> vars) {
        long now = System.currentTimeMillis();
        sql.transaction(tx -> {
            tx.dsl().deleteFrom(CONFIG).where(APP.eq(app)).execute();
            for (Map.Entry<String, String> e : vars.entrySet()) {
                tx.dsl().insertInto(CONFIG).set(APP, app).set(KEY, e.getKey()).set(VALUE, secrets.encrypt(e.getValue()))
                        .set(UPDATED_AT, now).execute();
            }
        });
    }

    /** Returns how many of the keys existed. */
    public int unset(String app, Collection<String> keys) {
        return sql.deleteFrom(CONFIG).where(APP.eq(app).and(KEY.in(keys))).execute();
    }

    public byte[] seal(Map<String, String> env) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(env).forEach((k, v) -> text.append(k).append('\0').append(v).append('\0'));
        return secrets.encrypt(text.toString());
    }

    public Map<String, String> open(byte[] sealed) {
        Map<String, String> env = new TreeMap<>();
        if (sealed == null) return env;
        String[] parts = secrets.decrypt(sealed).split("\0", -1);
        for (int i = 0; i + 1 < parts.length; i += 2) env.put(parts[i], parts[i + 1]);
        return env;
    }
}
