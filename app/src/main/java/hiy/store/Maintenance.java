package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Which apps are in maintenance (maintenance:on): their names answer 503 while their processes keep running. */
public final class Maintenance {
    static final Table<Record> MAINTENANCE = table("maintenance");
    static final Field<String> APP = field("app", String.class);
    static final Field<Long> SINCE = field("since", Long.class);
    static final Field<String> PAGE = field("page", String.class);

    private final DSLContext sql;

    public Maintenance(Database db) {
        this.sql = db.sql();
    }

    /** The apps in maintenance, each with its own page (empty: HIY's). */
    public Map<String, Optional<String>> pages() {
        Map<String, Optional<String>> pages = new HashMap<>();
        sql.select(APP, PAGE).from(MAINTENANCE).fetch().forEach(r -> pages.put(r.get(APP), Optional.ofNullable(r.get(PAGE))));
        return pages;
    }

    public void set(String app, boolean on) {
        set(app, on, Optional.empty());
    }

    /** page: the app's own maintenance page, or empty for HIY's; set again while on, it replaces the page. */
    public void set(String app, boolean on, Optional<String> page) {
        if (on) {
            sql.insertInto(MAINTENANCE).set(APP, app).set(SINCE, System.currentTimeMillis()).set(PAGE, page.orElse(null))
                    .onConflict(APP).doUpdate().set(PAGE, page.orElse(null)).execute();
        } else {
            sql.deleteFrom(MAINTENANCE).where(APP.eq(app)).execute();
        }
    }
}
