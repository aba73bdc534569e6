package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

    /**
     * Gives the app {@code from} the name {@code to} (which no app has) in one transaction: its row, every row of every
     * table that refers to it (found from the schema's foreign keys, so a table a later migration adds follows without
     * a change here) and its audit trail. {@code imageTags} maps each image tag its releases name to the tag the same
     * image has under the new name. Foreign keys are checked at the commit, once every row carries the new name.
     */
    public void rename(String from, String to, Map<String, String> imageTags) {
        Map<String, String> referring = referringColumns();
        sql.transaction(tx -> {
            DSLContext t = tx.dsl();
            t.execute("PRAGMA defer_foreign_keys = ON");
            t.update(APPS).set(NAME, to).where(NAME.eq(from)).execute();
            for (Map.Entry<String, String> c : referring.entrySet()) {
                t.execute("UPDATE \"" + c.getKey() + "\" SET \"" + c.getValue() + "\" = ? WHERE \"" + c.getValue()
                        + "\" = ?", to, from);
            }
            for (Map.Entry<String, String> tag : imageTags.entrySet()) {
                t.execute("UPDATE releases SET image = ? WHERE app = ? AND image = ?", tag.getValue(), to, tag.getKey());
            }
        });
    }

    /** Each table that refers to apps(name), with its column that does; audit has no foreign key but follows too. */
    public Map<String, String> referringColumns() {
        Map<String, String> columns = new TreeMap<>();
        sql.fetch("SELECT m.name AS t, f.\"from\" AS c FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
                + " WHERE m.type = 'table' AND f.\"table\" = 'apps'")
                .forEach(r -> columns.put(r.get("t", String.class), r.get("c", String.class)));
        columns.put("audit", "app");
        return columns;
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
