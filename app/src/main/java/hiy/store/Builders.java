package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The build strategy each app chose with builder:set; an app that chose none is built with auto. */
public final class Builders {
    public static final String AUTO = "auto";

    /**
     * A builder's name (auto, dockerfile, node, …) and its one setting: the Dockerfile's path for dockerfile, the
     * image reference for image; null when it has none.
     */
    public record Choice(String builder, String setting) {
        public static final Choice DEFAULT = new Choice(AUTO, null);

        public boolean auto() {
            return builder.equals(AUTO);
        }
    }

    static final Table<Record> BUILDERS = table("builders");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> BUILDER = field("builder", String.class);
    static final Field<String> SETTING = field("setting", String.class);

    private final DSLContext sql;

    public Builders(Database db) {
        this.sql = db.sql();
    }

    public Choice of(String app) {
        return sql.select(BUILDER, SETTING).from(BUILDERS).where(APP.eq(app))
                .fetchOptional(r -> new Choice(r.get(BUILDER), r.get(SETTING))).orElse(Choice.DEFAULT);
    }

    public void put(String app, Choice choice) {
        sql.transaction(tx -> {
            tx.dsl().deleteFrom(BUILDERS).where(APP.eq(app)).execute();
            if (choice.equals(Choice.DEFAULT)) return;
            tx.dsl().insertInto(BUILDERS).set(APP, app).set(BUILDER, choice.builder()).set(SETTING, choice.setting())
                    .execute();
        });
    }
}
