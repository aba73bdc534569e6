package hiy.store;

import hiy.host.OwnerOnly;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The SQLite file and its migrations. The server and the CLI (keys add) may use it at once,
 * so it runs in WAL mode with a busy timeout.
 */
public final class Database {
    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private static final List<String> COMPANIONS = List.of("", "-wal", "-shm", "-journal");

    private final DSLContext sql;

    private Database(DSLContext sql) {
        this.sql = sql;
    }

    /** The database file and the journal, WAL and shared-memory files SQLite keeps beside it (which may be absent). */
    public static List<Path> files(Path file) {
        return COMPANIONS.stream().map(suffix -> file.resolveSibling(file.getFileName() + suffix)).toList();
    }

    public static Database open(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        ownerOnly(file);
        migrate(connect(file, false));
        return new Database(connect(file, true));
    }

    /**
     * The database holds keys, audit and sealed config: it is created owner-only (0600) whatever the umask, and an
     * older, wider one is tightened, with the journal, WAL and shared-memory files SQLite keeps beside it. SQLite
     * gives those the database file's own mode when it creates them later.
     */
    private static void ownerOnly(Path file) {
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
            } catch (FileAlreadyExistsException e) {
                // An existing database, or the CLI made it a moment ago: either way, tightened below.
            }
            for (Path f : files(file)) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    Files.setPosixFilePermissions(f, OwnerOnly.FILE);
                } catch (NoSuchFileException e) {
                    // SQLite removed its WAL or journal between the look and the chmod (a connection closed): gone.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + file + " readable by its owner only (" + e.getMessage()
                    + "): run sudo chown " + System.getProperty("user.name") + " " + file + "*", e);
        }
    }

    private static DSLContext connect(Path file, boolean foreignKeys) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(foreignKeys);
        // A deferred transaction that reads, then writes, gets SQLITE_BUSY at once (no busy wait) when another
        // connection wrote meanwhile; taking the write lock at BEGIN makes it wait its turn instead.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return DSL.using(ds, SQLDialect.SQLITE);
    }

    public DSLContext sql() {
        return sql;
    }

    /**
     * A consistent copy of the whole database in a new file, taken with SQLite's VACUUM INTO: it reads one snapshot
     * while other connections go on writing (WAL mode), so a push or deploy under way is not held up.
     */
    public void snapshotInto(Path target) {
        sql.execute("VACUUM INTO {0}", DSL.inline(target.toString()));
    }

    /**
     * Applies db/V001__*.sql, V002… in order, each once, each in its own transaction. They run with foreign keys
     * off, as SQLite needs to rebuild a table that others reference (turning it off inside a transaction is
     * ignored); a migration that leaves a broken reference is rolled back.
     */
    private static void migrate(DSLContext sql) {
        sql.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        int applied = sql.fetchOne("SELECT COALESCE(MAX(version), 0) FROM schema_version").get(0, Integer.class);
        for (int v = applied + 1; ; v++) {
            String script = migration(v);
            if (script == null) return;
            int version = v;
            sql.transaction(tx -> {
                for (String statement : script.split(";\\s*\\n")) {
                    if (!statement.isBlank()) tx.dsl().execute(statement);
                }
                if (!tx.dsl().fetch("PRAGMA foreign_key_check").isEmpty()) {
                    throw new IllegalStateException("migration V" + version + " would break references between tables");
                }
                tx.dsl().execute("INSERT INTO schema_version(version, applied_at) VALUES (?, ?)", version, System.currentTimeMillis());
            });
        }
    }

    /** The newest migration applied to this database. */
    public int schemaVersion() {
        return sql.fetchOne("SELECT COALESCE(MAX(version), 0) FROM schema_version").get(0, Integer.class);
    }

    /** The newest migration this HIY has. */
    public static int newestMigration() {
        int v = 0;
        while (migration(v + 1) != null) v++;
        return v;
    }

    private static String migration(int version) {
        String prefix = String.format("V%03d__", version);
        String index = read("db/migrations.txt");
        for (String name : index.split("\\s+")) {
            if (name.startsWith(prefix)) return read("db/" + name);
        }
        return null;
    }

    private static String read(String resource) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
