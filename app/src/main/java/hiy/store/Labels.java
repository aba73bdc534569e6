package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The user's own labels on an app's containers (labels:set), checked by hiy.runtime.UserLabels before they get here. */
public final class Labels {
    static final Table<Record> LABELS = table("labels");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> KEY = field("key", String.class);
    static final Field<String> VALUE = field("value", String.class);

    private final DSLContext sql;

    public Labels(Database db) {
        this.sql = db.sql();
    }

    public Map<String, String> of(String app) {
        Map<String, String> all = new TreeMap<>();
        sql.select(KEY, VALUE).from(LABELS).where(APP.eq(app)).forEach(r -> all.put(r.get(KEY), r.get(VALUE)));
        return all;
    }

    public void set(String app, Map<String, String> labels) {
        sql.transaction(tx -> labels.forEach((k, v) -> tx.dsl().insertInto(LABELS).set(APP, app).set(KEY, k).set(VALUE, v)
                .onConflict(APP, KEY).doUpdate().set(VALUE, v).execute()));
    }

    public void unset(String app, Collection<String> keys) {
        sql.deleteFrom(LABELS).where(APP.eq(app).and(KEY.in(keys))).execute();
    }
}
