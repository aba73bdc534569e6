package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Every push and every state-changing command: who, with which key, from where, what, on which app, how it ended. */
public final class Audit {
    static final Table<Record> AUDIT = table("audit");
    static final Field<Long> ID = field("id", Long.class);
    static final Field<Long> AT = field("at", Long.class);
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<String> FINGERPRINT = field("fingerprint", String.class);
    static final Field<String> CLIENT = field("client", String.class);
    static final Field<String> ACTION = field("action", String.class);
    static final Field<String> APP = field("app", String.class);
    static final Field<String> OUTCOME = field("outcome", String.class);
    /** The most characters of one field an entry keeps. */
    public static final int MAX_FIELD = 200;
    private static final List<Field<?>> COLUMNS = List.of(ID, AT, USER_NAME, FINGERPRINT, CLIENT, ACTION, APP, OUTCOME);

    public record Entry(long id, long at, String user, String fingerprint, String client, String action, String app,
                        String outcome) { }

    private final DSLContext sql;

    public Audit(Database db) {
        this.sql = db.sql();
    }

    /**
     * Stores the text as given (it is escaped where it is shown), each field cut to {@link #MAX_FIELD} characters with
     * a marker: what a user typed must not fill the disk or the admin's screen.
     */
    public void record(String user, String fingerprint, String client, String action, String app, String outcome) {
        sql.insertInto(AUDIT).set(AT, System.currentTimeMillis()).set(USER_NAME, cut(user)).set(FINGERPRINT, cut(fingerprint))
                .set(CLIENT, cut(client)).set(ACTION, cut(action)).set(APP, cut(app)).set(OUTCOME, cut(outcome)).execute();
    }

    static String cut(String text) {
        if (text == null || text.length() <= MAX_FIELD) return text;
        int end = Character.isHighSurrogate(text.charAt(MAX_FIELD - 1)) ? MAX_FIELD - 1 : MAX_FIELD;
        return text.substring(0, end) + "…[cut, " + text.length() + " chars]";
    }

    /** The newest n entries, newest first; app null for all apps. */
    public List<Entry> latest(String app, int n) {
        var query = sql.select(COLUMNS).from(AUDIT);
        var filtered = app == null ? query : query.where(APP.eq(app));
        return filtered.orderBy(ID.desc()).limit(n).fetch(r -> new Entry(r.get(ID), r.get(AT), r.get(USER_NAME),
                r.get(FINGERPRINT), r.get(CLIENT), r.get(ACTION), r.get(APP), r.get(OUTCOME)));
    }
}
