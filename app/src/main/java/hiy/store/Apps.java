package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Apps and their two loopback slots: a deploy starts the new release on the slot the old one is not using. */
public final class Apps {
    static final Table<Record> APPS = table("apps");
    static final Field<String> NAME = field("name", String.class);
    static final Field<Integer> SLOT_A = field("slot_a", Integer.class);
    static final Field<Integer> SLOT_B = field("slot_b", Integer.class);
    static final Field<Integer> CURRENT = field("current_release", Integer.class);
    static final Field<String> CREATED_BY = field("created_by", String.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Field<Integer> STOPPED = field("stopped", Integer.class);

    /** stopped: the user ran `stop`, so nothing brings the app back until `start`. */
    public record App(String name, int slotA, int slotB, Integer currentRelease, boolean stopped) {
        public int otherSlot(int slot) {
            return slot == slotA ? slotB : slotA;
        }
    }

    private final DSLContext sql;

    public Apps(Database db) {
        this.sql = db.sql();
    }

    public Optional<App> find(String name) {
        return sql.select(NAME, SLOT_A, SLOT_B, CURRENT, STOPPED).from(APPS).where(NAME.eq(name)).fetchOptional(Apps::toApp);
    }

    public List<App> all() {
        return sql.select(NAME, SLOT_A, SLOT_B, CURRENT, STOPPED).from(APPS).orderBy(NAME).fetch(Apps::toApp);
    }

    public List<Integer> usedSlots() {
        List<Integer> ports = sql.select(SLOT_A).from(APPS).fetch(SLOT_A);
        ports.addAll(sql.select(SLOT_B).from(APPS).fetch(SLOT_B));
        return ports;
    }

    public App create(String name, int slotA, int slotB, String createdBy) {
        sql.insertInto(APPS).set(NAME, name).set(SLOT_A, slotA).set(SLOT_B, slotB)
                .set(CREATED_BY, createdBy).set(CREATED_AT, System.currentTimeMillis()).execute();
        return new App(name, slotA, slotB, null, false);
    }

    /** Moves one of the app's slots to another port (the old one was taken by something else). */
    public App replaceSlot(String name, int oldPort, int newPort) {
        sql.update(APPS).set(SLOT_A, newPort).where(NAME.eq(name).and(SLOT_A.eq(oldPort))).execute();
        sql.update(APPS).set(SLOT_B, newPort).where(NAME.eq(name).and(SLOT_B.eq(oldPort))).execute();
        return find(name).orElseThrow();
    }

    public void setStopped(String name, boolean stopped) {
        sql.update(APPS).set(STOPPED, stopped ? 1 : 0).where(NAME.eq(name)).execute();
    }

    /** Removes the app's record and, through the schema's cascades, its access, config and domains. */
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

    private static App toApp(Record r) {
        return new App(r.get(NAME), r.get(SLOT_A), r.get(SLOT_B), r.get(CURRENT), r.get(STOPPED) == 1);
    }
}
