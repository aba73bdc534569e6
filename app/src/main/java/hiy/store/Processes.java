package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * The containers HIY started and means to keep: one row per process (web.1, worker.2 …) of a release, web ones
 * with the slot they listen on. During a switch the old release's rows and the new one's exist side by side.
 */
public final class Processes {
    static final Table<Record> PROCESSES = table("processes");
    static final Field<String> CONTAINER = field("container", String.class);
    static final Field<String> APP = field("app", String.class);
    static final Field<Integer> RELEASE = field("release", Integer.class);
    static final Field<String> TYPE = field("type", String.class);
    static final Field<Integer> INDEX = field("idx", Integer.class);
    static final Field<Integer> PORT = field("port", Integer.class);

    /** port: the loopback slot of a web process, null for other types. */
    public record AppProcess(String container, String app, int release, String type, int index, Integer port) {
        /** As Heroku names dynos: web.1, worker.2. */
        public String name() {
            return type + "." + index;
        }

        public boolean isWeb() {
            return port != null;
        }
    }

    private final DSLContext sql;

    public Processes(Database db) {
        this.sql = db.sql();
    }

    public void add(AppProcess p) {
        sql.insertInto(PROCESSES).set(CONTAINER, p.container()).set(APP, p.app()).set(RELEASE, p.release())
                .set(TYPE, p.type()).set(INDEX, p.index()).set(PORT, p.port()).execute();
    }

    public void remove(String container) {
        sql.deleteFrom(PROCESSES).where(CONTAINER.eq(container)).execute();
    }

    /** Every process of the app, whatever release, by type and index, then oldest first. */
    public List<AppProcess> of(String app) {
        return sql.select(CONTAINER, APP, RELEASE, TYPE, INDEX, PORT).from(PROCESSES).where(APP.eq(app))
                .orderBy(TYPE, INDEX, RELEASE, field("rowid")).fetch(Processes::toProcess);
    }

    public List<AppProcess> of(String app, int release) {
        return of(app).stream().filter(p -> p.release() == release).toList();
    }

    private static AppProcess toProcess(Record r) {
        return new AppProcess(r.get(CONTAINER), r.get(APP), r.get(RELEASE), r.get(TYPE), r.get(INDEX), r.get(PORT));
    }
}
