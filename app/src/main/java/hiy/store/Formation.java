package hiy.store;

import hiy.model.Procfile;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * How many containers of each process type an app should run (ps:scale), kept across deploys and restarts.
 * A type never scaled runs {@link #DEFAULT_WEB} container if it is web, none otherwise, as on Heroku.
 */
public final class Formation {
    public static final int DEFAULT_WEB = 1;
    static final Table<Record> FORMATION = table("formation");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> TYPE = field("type", String.class);
    static final Field<Integer> QUANTITY = field("quantity", Integer.class);

    private final DSLContext sql;

    public Formation(Database db) {
        this.sql = db.sql();
    }

    /** What was set with ps:scale, by type. */
    public Map<String, Integer> of(String app) {
        Map<String, Integer> scale = new TreeMap<>();
        sql.select(TYPE, QUANTITY).from(FORMATION).where(APP.eq(app)).forEach(r -> scale.put(r.get(TYPE), r.get(QUANTITY)));
        return scale;
    }

    /** The scale of each type the release's Procfile has; the stored scale before a first release (none). */
    public Map<String, Integer> of(String app, Optional<Releases.Release> current) {
        if (current.isEmpty()) return of(app);
        Map<String, Integer> scale = new LinkedHashMap<>();
        for (String type : Procfile.stored(current.get().procfile()).types()) scale.put(type, quantity(app, type));
        return scale;
    }

    public int quantity(String app, String type) {
        Integer set = of(app).get(type);
        return set != null ? set : "web".equals(type) ? DEFAULT_WEB : 0;
    }

    public void set(String app, Map<String, Integer> quantities) {
        sql.transaction(tx -> quantities.forEach((type, n) -> tx.dsl().insertInto(FORMATION)
                .set(APP, app).set(TYPE, type).set(QUANTITY, n)
                .onConflict(APP, TYPE).doUpdate().set(QUANTITY, n).execute()));
    }
}
