package hiy.store;

import hiy.sshd.Identity;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Which non-admin users may use which apps. Admins may use every app and are not listed. */
public final class Access {
    static final Table<Record> ACCESS = table("access");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<String> GRANTED_BY = field("granted_by", String.class);
    static final Field<Long> GRANTED_AT = field("granted_at", Long.class);

    private final DSLContext sql;

    public Access(Database db) {
        this.sql = db.sql();
    }

    /** Admins may use every app, others the apps granted to them. */
    public boolean mayUse(Identity who, String app) {
        return who.admin() || granted(app, who.user());
    }

    public boolean granted(String app, String user) {
        return sql.fetchExists(ACCESS, APP.eq(app).and(USER_NAME.eq(user)));
    }

    /** Returns false when the user already had access. */
    public boolean grant(String app, String user, String by) {
        return sql.insertInto(ACCESS).set(APP, app).set(USER_NAME, user).set(GRANTED_BY, by)
                .set(GRANTED_AT, System.currentTimeMillis()).onConflictDoNothing().execute() == 1;
    }

    /** Returns false when the user had no access. */
    public boolean revoke(String app, String user) {
        return sql.deleteFrom(ACCESS).where(APP.eq(app).and(USER_NAME.eq(user))).execute() == 1;
    }

    public List<String> usersOf(String app) {
        return sql.select(USER_NAME).from(ACCESS).where(APP.eq(app)).orderBy(USER_NAME).fetch(USER_NAME);
    }
}
