package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.HashSet;
import java.util.Set;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Which apps are in maintenance (maintenance:on): their names answer 503 while their processes keep running. */
public final class Maintenance {
    static final Table<Record> MAINTENANCE = table("maintenance");
    static final Field<String> APP = field("app", String.class);
    static final Field<Long> SINCE = field("since", Long.class);

    private final DSLContext sql;

    public Maintenance(Database db) {
        this.sql = db.sql();
    }

    public Set<String> apps() {
        return new HashSet<>(sql.select(APP).from(MAINTENANCE).fetch(APP));
    }

    public boolean on(String app) {
        return apps().contains(app);
    }

    public void set(String app, boolean on) {
        if (on) {
            sql.insertInto(MAINTENANCE).set(APP, app).set(SINCE, System.currentTimeMillis()).onConflictDoNothing().execute();
        } else {
            sql.deleteFrom(MAINTENANCE).where(APP.eq(app)).execute();
        }
    }
}
