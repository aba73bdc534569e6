package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.Map;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Memory and CPU limits set with resources:set, per app and per process type; what is not set is HIY's default. */
public final class Limits {
    /** The process "type" of limits that hold for every type of the app without its own. */
    public static final String ALL = "";
    static final Table<Record> LIMITS = table("limits");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> PROCESS = field("process", String.class);
    static final Field<Integer> MEMORY_MB = field("memory_mb", Integer.class);
    static final Field<Double> CPUS = field("cpus", Double.class);

    /** Null: not set here. */
    public record Limit(Integer memoryMb, Double cpus) {
        public static final Limit NONE = new Limit(null, null);

        /** This, with what it does not set taken from under. */
        public Limit over(Limit under) {
            return new Limit(memoryMb != null ? memoryMb : under.memoryMb, cpus != null ? cpus : under.cpus);
        }
    }

    private final DSLContext sql;

    public Limits(Database db) {
        this.sql = db.sql();
    }

    /** What was set, by process type ({@link #ALL} for the app's own). */
    public Map<String, Limit> of(String app) {
        Map<String, Limit> all = new TreeMap<>();
        sql.select(PROCESS, MEMORY_MB, CPUS).from(LIMITS).where(APP.eq(app))
                .forEach(r -> all.put(r.get(PROCESS), new Limit(r.get(MEMORY_MB), r.get(CPUS))));
        return all;
    }

    /** The type's own limits over the app's. */
    public Limit effective(String app, String process) {
        Map<String, Limit> all = of(app);
        return all.getOrDefault(process, Limit.NONE).over(all.getOrDefault(ALL, Limit.NONE));
    }

    public void put(String app, String process, Limit limit) {
        sql.transaction(tx -> {
            tx.dsl().deleteFrom(LIMITS).where(APP.eq(app).and(PROCESS.eq(process))).execute();
            if (limit.equals(Limit.NONE)) return;
            tx.dsl().insertInto(LIMITS).set(APP, app).set(PROCESS, process).set(MEMORY_MB, limit.memoryMb())
                    .set(CPUS, limit.cpus()).execute();
        });
    }
}
