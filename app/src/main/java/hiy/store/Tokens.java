package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** API tokens: each user's, by name, kept as a hash only. A token may be narrowed to one app and to reading. */
public final class Tokens {
    static final Table<Record> TOKENS = table("tokens");
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<String> NAME = field("name", String.class);
    static final Field<String> HASH = field("hash", String.class);
    static final Field<String> APP = field("app", String.class);
    static final Field<Integer> READ_ONLY = field("read_only", Integer.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Field<Long> LAST_USED_AT = field("last_used_at", Long.class);

    /** app null: every app the user may use. lastUsedAt null: never used. */
    public record Token(String user, String name, String app, boolean readOnly, long createdAt, Long lastUsedAt) { }

    private final DSLContext sql;

    public Tokens(Database db) {
        this.sql = db.sql();
    }

    /** Returns false (and stores nothing) when the user already has a token of that name. */
    public boolean create(String user, String name, String hash, String app, boolean readOnly) {
        return sql.insertInto(TOKENS).set(USER_NAME, user).set(NAME, name).set(HASH, hash).set(APP, app)
                .set(READ_ONLY, readOnly ? 1 : 0).set(CREATED_AT, System.currentTimeMillis())
                .onConflictDoNothing().execute() == 1;
    }

    /** The token with this hash, and records that it was used now. */
    public Optional<Token> use(String hash) {
        Optional<Token> token = sql.select(USER_NAME, NAME, APP, READ_ONLY, CREATED_AT, LAST_USED_AT).from(TOKENS)
                .where(HASH.eq(hash)).fetchOptional(Tokens::toToken);
        token.ifPresent(t -> sql.update(TOKENS).set(LAST_USED_AT, System.currentTimeMillis())
                .where(HASH.eq(hash)).execute());
        return token;
    }

    public List<Token> of(String user) {
        return sql.select(USER_NAME, NAME, APP, READ_ONLY, CREATED_AT, LAST_USED_AT).from(TOKENS)
                .where(USER_NAME.eq(user)).orderBy(NAME).fetch(Tokens::toToken);
    }

    /** Returns false when the user has no token of that name. */
    public boolean revoke(String user, String name) {
        return sql.deleteFrom(TOKENS).where(USER_NAME.eq(user).and(NAME.eq(name))).execute() == 1;
    }

    private static Token toToken(Record r) {
        return new Token(r.get(USER_NAME), r.get(NAME), r.get(APP), r.get(READ_ONLY) == 1, r.get(CREATED_AT),
                r.get(LAST_USED_AT));
    }
}
