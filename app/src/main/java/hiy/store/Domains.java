package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Extra host names routed to an app, besides APP.HIY_DOMAIN. A host belongs to one app at most. */
public final class Domains {
    static final Table<Record> DOMAINS = table("domains");
    static final Field<String> HOST = field("host", String.class);
    static final Field<String> APP = field("app", String.class);
    static final Field<Long> ADDED_AT = field("added_at", Long.class);

    private final DSLContext sql;

    public Domains(Database db) {
        this.sql = db.sql();
    }

    public List<String> of(String app) {
        return sql.select(HOST).from(DOMAINS).where(APP.eq(app)).orderBy(HOST).fetch(HOST);
    }

    public Optional<String> owner(String host) {
        return sql.select(APP).from(DOMAINS).where(HOST.eq(host)).fetchOptional(APP);
    }

    public void add(String app, String host) {
        sql.insertInto(DOMAINS).set(HOST, host).set(APP, app).set(ADDED_AT, System.currentTimeMillis()).execute();
    }

    public boolean remove(String app, String host) {
        return sql.deleteFrom(DOMAINS).where(HOST.eq(host).and(APP.eq(app))).execute() == 1;
    }
}
