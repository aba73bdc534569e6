package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * Apps and their slots: a pool of loopback ports, all always in the app's Caddy route. A web container runs on a
 * slot no other container of the app uses, so a switch starts the new ones beside the old without touching Caddy.
 */
public final class Apps {
    static final Table<Record> APPS = table("apps");
    static final Field<String> NAME = field("name", String.class);
    static final Field<Integer> CURRENT = field("current_release", Integer.class);
    static final Field<String> CREATED_BY = field("created_by", String.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Field<Integer> STOPPED = field("stopped", Integer.class);
    static final Table<Record> SLOTS = table("slots");
    static final Field<Integer> PORT = field("port", Integer.class);
    static final Field<String> SLOT_APP = field("app", String.class);

    /** stopped: the user ran `stop`, so nothing brings the app back until `start`. slots: in the order added. */
    public record App(String name, List<Integer> slots, Integer currentRelease, boolean stopped) { }

    private final DSLContext sql;

    public Apps(Database db) {
        this.sql = db.sql();
    }

    public Optional<App> find(String name) {
        return sql.select(NAME, CURRENT, STOPPED).from(APPS).where(NAME.eq(name))
                .fetchOptional(r -> toApp(r, slotsOf(name)));
    }

    public List<App> all() {
        Map<String, List<Integer>> slots = sql.select(SLOT_APP, PORT).from(SLOTS).orderBy(field("rowid"))
                .fetchGroups(SLOT_APP, PORT);
        return sql.select(NAME, CURRENT, STOPPED).from(APPS).orderBy(NAME)
                .fetch(r -> toApp(r, slots.getOrDefault(r.get(NAME), List.of())));
    }

    public List<Integer> usedSlots() {
        return sql.select(PORT).from(SLOTS).fetch(PORT);
    }

    public App create(String name, List<Integer> slots, String createdBy) {
        sql.transaction(tx -> {
            tx.dsl().insertInto(APPS).set(NAME, name).set(CREATED_BY, createdBy)
                    .set(CREATED_AT, System.currentTimeMillis()).execute();
            for (int port : slots) tx.dsl().insertInto(SLOTS).set(PORT, port).set(SLOT_APP, name).execute();
        });
        return new App(name, List.copyOf(slots), null, false);
    }

    /** More ports for the app's pool (HIY_MAX_WEB was raised, or the app predates pools). */
    public void addSlots(String name, List<Integer> ports) {
        sql.transaction(tx -> {
            for (int port : ports) tx.dsl().insertInto(SLOTS).set(PORT, port).set(SLOT_APP, name).execute();
        });
    }

    /** Moves one of the app's slots to another port (the old one was taken by something else). */
    public App replaceSlot(String name, int oldPort, int newPort) {
        sql.update(SLOTS).set(PORT, newPort).where(SLOT_APP.eq(name).and(PORT.eq(oldPort))).execute();
        return find(name).orElseThrow();
    }

    public void setStopped(String name, boolean stopped) {
        sql.update(APPS).set(STOPPED, stopped ? 1 : 0).where(NAME.eq(name)).execute();
    }

    /** Removes the app's record and, through the schema's cascades, its access, config, domains, slots and scale. */
    public void delete(String name) {
        sql.transaction(tx -> {
            tx.dsl().execute("DELETE FROM builds WHERE app = ?", name);
            tx.dsl().execute("DELETE FROM releases WHERE app = ?", name);
            tx.dsl().deleteFrom(APPS).where(NAME.eq(name)).execute();
        });
    }

    public void setCurrentRelease(String name, int version) {
        sql.update(APPS).set(CURRENT, version).where(NAME.eq(name)).execute();
    }

    private List<Integer> slotsOf(String name) {
        return sql.select(PORT).from(SLOTS).where(SLOT_APP.eq(name)).orderBy(field("rowid")).fetch(PORT);
    }

    private static App toApp(Record r, List<Integer> slots) {
        return new App(r.get(NAME), List.copyOf(slots), r.get(CURRENT), r.get(STOPPED) == 1);
    }
}
