package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** Users and their SSH public keys. Who you are is your key. */
public final class Users {
    static final Table<Record> USERS = table("users");
    static final Field<String> NAME = field("name", String.class);
    static final Field<Integer> IS_ADMIN = field("is_admin", Integer.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Table<Record> KEYS = table("keys");
    static final Field<String> FINGERPRINT = field("fingerprint", String.class);
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<String> KEY_TYPE = field("key_type", String.class);
    static final Field<String> PUBLIC_KEY = field("public_key", String.class);

    public record User(String name, boolean admin) { }

    public record Key(String fingerprint, String user, String type, String publicKey) { }

    /** What a removal did. LAST_ADMIN: it would have left no admin able to log in, so nothing was removed. */
    public enum Removal { REMOVED, NOT_FOUND, LAST_ADMIN }

    private final DSLContext sql;

    public Users(Database db) {
        this.sql = db.sql();
    }

    /** Adds the key for the user, creating the user if new; an existing user keeps their role unless admin is asked. */
    public void addKey(String user, boolean admin, Key key) {
        sql.transaction(tx -> {
            DSLContext t = tx.dsl();
            Record existing = t.select(IS_ADMIN).from(USERS).where(NAME.eq(user)).fetchOne();
            if (existing == null) {
                t.insertInto(USERS).set(NAME, user).set(IS_ADMIN, admin ? 1 : 0)
                        .set(CREATED_AT, System.currentTimeMillis()).execute();
            } else if (admin) {
                t.update(USERS).set(IS_ADMIN, 1).where(NAME.eq(user)).execute();
            }
            t.insertInto(KEYS).set(FINGERPRINT, key.fingerprint()).set(USER_NAME, user)
                    .set(KEY_TYPE, key.type()).set(PUBLIC_KEY, key.publicKey())
                    .set(CREATED_AT, System.currentTimeMillis()).execute();
        });
    }

    public Optional<Key> keyByFingerprint(String fingerprint) {
        return sql.select(FINGERPRINT, USER_NAME, KEY_TYPE, PUBLIC_KEY).from(KEYS)
                .where(FINGERPRINT.eq(fingerprint))
                .fetchOptional(r -> new Key(r.get(FINGERPRINT), r.get(USER_NAME), r.get(KEY_TYPE), r.get(PUBLIC_KEY)));
    }

    public Optional<User> user(String name) {
        return sql.select(NAME, IS_ADMIN).from(USERS).where(NAME.eq(name))
                .fetchOptional(r -> new User(r.get(NAME), r.get(IS_ADMIN) == 1));
    }

    /** Every key, by user, oldest first. */
    public List<Key> keys() {
        return sql.select(FINGERPRINT, USER_NAME, KEY_TYPE, PUBLIC_KEY).from(KEYS).orderBy(USER_NAME, CREATED_AT)
                .fetch(r -> new Key(r.get(FINGERPRINT), r.get(USER_NAME), r.get(KEY_TYPE), r.get(PUBLIC_KEY)));
    }

    /** Removes one key; the user stays (with their grants) even without keys. */
    public Removal removeKey(String fingerprint) {
        return sql.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            String user = t.select(USER_NAME).from(KEYS).where(FINGERPRINT.eq(fingerprint)).fetchOne(USER_NAME);
            if (user == null) return Removal.NOT_FOUND;
            boolean lastKey = t.fetchCount(KEYS, USER_NAME.eq(user)) == 1;
            if (lastKey && isLastAdmin(t, user)) return Removal.LAST_ADMIN;
            t.deleteFrom(KEYS).where(FINGERPRINT.eq(fingerprint)).execute();
            return Removal.REMOVED;
        });
    }

    /** Removes the user, all their keys and all their access grants. */
    public Removal removeUser(String name) {
        return sql.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (!t.fetchExists(USERS, NAME.eq(name))) return Removal.NOT_FOUND;
            if (t.fetchExists(KEYS, USER_NAME.eq(name)) && isLastAdmin(t, name)) return Removal.LAST_ADMIN;
            t.deleteFrom(Access.ACCESS).where(Access.USER_NAME.eq(name)).execute();
            t.deleteFrom(KEYS).where(USER_NAME.eq(name)).execute();
            t.deleteFrom(USERS).where(NAME.eq(name)).execute();
            return Removal.REMOVED;
        });
    }

    /** True when the user is an admin and no other admin has a key: without them nobody could administer HIY. */
    private static boolean isLastAdmin(DSLContext t, String user) {
        boolean admin = t.fetchExists(USERS, NAME.eq(user).and(IS_ADMIN.eq(1)));
        return admin && !t.fetchExists(t.selectOne().from(USERS).join(KEYS).on(USER_NAME.eq(NAME))
                .where(IS_ADMIN.eq(1)).and(NAME.ne(user)));
    }

    public List<User> all() {
        return sql.select(NAME, IS_ADMIN).from(USERS).orderBy(NAME)
                .fetch(r -> new User(r.get(NAME), r.get(IS_ADMIN) == 1));
    }
}
