package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The named volumes HIY made for each app, and where each is mounted; an unmounted one keeps its data. */
public final class Volumes {
    static final Table<Record> VOLUMES = table("volumes");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> NAME = field("name", String.class);
    static final Field<String> PATH = field("path", String.class);
    static final Field<Integer> EXCLUSIVE = field("exclusive", Integer.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);

    /** path: null when unmounted. exclusive: mounted by one release at a time. */
    public record Volume(String app, String name, String path, boolean exclusive) {
        public boolean mounted() {
            return path != null;
        }
    }

    private final DSLContext sql;

    public Volumes(Database db) {
        this.sql = db.sql();
    }

    /** The app's volumes, mounted or not, by name. */
    public List<Volume> of(String app) {
        return sql.select(APP, NAME, PATH, EXCLUSIVE).from(VOLUMES).where(APP.eq(app)).orderBy(NAME)
                .fetch(r -> new Volume(r.get(APP), r.get(NAME), r.get(PATH), r.get(EXCLUSIVE) == 1));
    }

    /** Every app's volumes, by app and name. */
    public List<Volume> all() {
        return sql.select(APP, NAME, PATH, EXCLUSIVE).from(VOLUMES).orderBy(APP, NAME)
                .fetch(r -> new Volume(r.get(APP), r.get(NAME), r.get(PATH), r.get(EXCLUSIVE) == 1));
    }

    public Optional<Volume> find(String app, String name) {
        return of(app).stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public boolean anyExclusive(String app) {
        return of(app).stream().anyMatch(v -> v.mounted() && v.exclusive());
    }

    /** name and path: checked by hiy.runtime.VolumeMount before they get here. */
    public void mount(String app, String name, String path, boolean exclusive) {
        sql.insertInto(VOLUMES).set(APP, app).set(NAME, name).set(PATH, path)
                .set(EXCLUSIVE, exclusive ? 1 : 0).set(CREATED_AT, System.currentTimeMillis())
                .onConflict(APP, NAME).doUpdate().set(PATH, path).set(EXCLUSIVE, exclusive ? 1 : 0).execute();
    }

    /** The volume stays the app's, with its data; no container mounts it any more. */
    public void unmount(String app, String name) {
        sql.update(VOLUMES).set(PATH, (String) null).where(APP.eq(app).and(NAME.eq(name))).execute();
    }

    /** Forgets the volume (after its data was deleted). */
    public void forget(String app, String name) {
        sql.deleteFrom(VOLUMES).where(APP.eq(app).and(NAME.eq(name))).execute();
    }
}
