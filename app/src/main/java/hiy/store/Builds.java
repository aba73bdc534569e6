package hiy.store;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The persisted build queue: one record per push, worked off strictly in id order. */
public final class Builds {
    static final Table<Record> BUILDS = table("builds");
    static final Field<Long> ID = field("id", Long.class);
    static final Field<String> APP = field("app", String.class);
    static final Field<String> SHA = field("sha", String.class);
    static final Field<String> REF = field("ref", String.class);
    static final Field<String> STATUS = field("status", String.class);
    static final Field<String> TRIGGER = field("trigger", String.class);
    static final Field<String> REQUESTED_BY = field("requested_by", String.class);
    static final Field<Long> QUEUED_AT = field("queued_at", Long.class);
    static final Field<Long> STARTED_AT = field("started_at", Long.class);
    static final Field<Long> FINISHED_AT = field("finished_at", Long.class);
    static final Field<String> LOG_PATH = field("log_path", String.class);
    static final Field<Integer> RELEASE = field("release", Integer.class);
    static final Field<String> ERROR = field("error", String.class);
    static final Field<Integer> ATTEMPTS = field("attempts", Integer.class);

    public enum Status { QUEUED, BUILDING, SUCCEEDED, FAILED, INTERRUPTED;
        public String dbName() { return name().toLowerCase(); }
    }

    public record Build(long id, String app, String sha, String ref, Status status, String trigger,
                        String requestedBy, String logPath, Integer release, String error, int attempts) { }

    private static final List<Field<?>> COLUMNS = List.of(ID, APP, SHA, REF, STATUS, TRIGGER, REQUESTED_BY, LOG_PATH,
            RELEASE, ERROR, ATTEMPTS);

    /** Read by SQLite while it holds the write lock, so queue times follow ids (arrival order) exactly. */
    private static final Field<Long> NOW_MILLIS =
            field("CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", Long.class);

    private final DSLContext sql;

    public Builds(Database db) {
        this.sql = db.sql();
    }

    public Build enqueue(String app, String sha, String ref, String trigger, String requestedBy, String logDir) {
        return enqueue(app, sha, ref, trigger, requestedBy, logDir, 0);
    }

    /** The build queued again after HIY died during it; it keeps the count of times it was started. */
    public Build enqueueRetry(Build interrupted, String logDir) {
        return enqueue(interrupted.app(), interrupted.sha(), interrupted.ref(), "retry", interrupted.requestedBy(), logDir,
                interrupted.attempts());
    }

    private Build enqueue(String app, String sha, String ref, String trigger, String requestedBy, String logDir,
                          int attempts) {
        return sql.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            long id = t.insertInto(BUILDS).set(APP, app).set(SHA, sha).set(REF, ref)
                    .set(STATUS, Status.QUEUED.dbName()).set(TRIGGER, trigger).set(REQUESTED_BY, requestedBy)
                    .set(QUEUED_AT, NOW_MILLIS).set(LOG_PATH, "").set(ATTEMPTS, attempts)
                    .returningResult(ID).fetchOne().value1();
            String log = logDir + "/" + app + "-" + id + ".log";
            t.update(BUILDS).set(LOG_PATH, log).where(ID.eq(id)).execute();
            return new Build(id, app, sha, ref, Status.QUEUED, trigger, requestedBy, log, null, null, attempts);
        });
    }

    public Optional<Build> find(long id) {
        return sql.select(COLUMNS).from(BUILDS).where(ID.eq(id)).fetchOptional(Builds::toBuild);
    }

    public Optional<Build> nextQueued() {
        return sql.select(COLUMNS).from(BUILDS).where(STATUS.eq(Status.QUEUED.dbName())).orderBy(ID).limit(1)
                .fetchOptional(Builds::toBuild);
    }

    public int queuedBefore(long id) {
        return sql.fetchCount(BUILDS, STATUS.in(Status.QUEUED.dbName(), Status.BUILDING.dbName()).and(ID.lt(id)));
    }

    public void started(long id) {
        sql.update(BUILDS).set(STATUS, Status.BUILDING.dbName()).set(STARTED_AT, System.currentTimeMillis())
                .set(ATTEMPTS, ATTEMPTS.plus(1)).where(ID.eq(id)).execute();
    }

    public void finished(long id, Status status, Integer release, String error) {
        sql.update(BUILDS).set(STATUS, status.dbName()).set(FINISHED_AT, System.currentTimeMillis())
                .set(RELEASE, release).set(ERROR, error).where(ID.eq(id)).execute();
    }

    /** Builds a previous HIY process left half-done: marked interrupted and returned, for the queue to decide. */
    public List<Build> interruptRunning() {
        return sql.transactionResult(tx -> {
            List<Build> running = tx.dsl().select(COLUMNS).from(BUILDS).where(STATUS.eq(Status.BUILDING.dbName()))
                    .orderBy(ID).fetch(Builds::toBuild);
            tx.dsl().update(BUILDS).set(STATUS, Status.INTERRUPTED.dbName()).set(FINISHED_AT, System.currentTimeMillis())
                    .where(STATUS.eq(Status.BUILDING.dbName())).execute();
            return running;
        });
    }

    /** Points the builds whose logs were in {@code from} (a data dir restored elsewhere) at the same files in {@code to}. */
    public int moveLogs(String from, String to) {
        String prefix = from.endsWith("/") ? from : from + "/";
        String target = to.endsWith("/") ? to : to + "/";
        return sql.update(BUILDS)
                .set(LOG_PATH, org.jooq.impl.DSL.inline(target).concat(org.jooq.impl.DSL.substring(LOG_PATH, prefix.length() + 1)))
                .where(LOG_PATH.startsWith(prefix)).execute();
    }

    /** Whether a build of the app waits or runs. */
    public boolean pending(String app) {
        return sql.fetchExists(sql.selectOne().from(BUILDS).where(APP.eq(app)).and(pending()));
    }

    /** The app's build that runs now, else the next one that waits (the builder takes them by id). */
    public Optional<Build> firstPending(String app) {
        return sql.select(COLUMNS).from(BUILDS).where(APP.eq(app)).and(pending()).orderBy(ID.asc()).limit(1)
                .fetchOptional(Builds::toBuild);
    }

    private static Condition pending() {
        return STATUS.in(Status.QUEUED.dbName(), Status.BUILDING.dbName());
    }

    public List<Build> of(String app) {
        return sql.select(COLUMNS).from(BUILDS).where(APP.eq(app)).orderBy(ID.desc()).fetch(Builds::toBuild);
    }

    /** How many builds each app had, by how they ended (or stand): for metrics. */
    public Map<String, Map<String, Integer>> countsByAppAndStatus() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        sql.select(APP, STATUS, DSL.count()).from(BUILDS).groupBy(APP, STATUS).fetch()
                .forEach(r -> counts.computeIfAbsent(r.value1(), a -> new TreeMap<>()).put(r.value2(), r.value3()));
        return counts;
    }

    /** Per app, how long each finished build ran (started to finished), in milliseconds: for metrics. */
    public Map<String, List<Long>> durationsByApp() {
        Map<String, List<Long>> durations = new TreeMap<>();
        sql.select(APP, FINISHED_AT.minus(STARTED_AT)).from(BUILDS)
                .where(STARTED_AT.isNotNull().and(FINISHED_AT.isNotNull())).fetch()
                .forEach(r -> durations.computeIfAbsent(r.value1(), a -> new ArrayList<>()).add(r.value2()));
        return durations;
    }

    private static Build toBuild(Record r) {
        return new Build(r.get(ID), r.get(APP), r.get(SHA), r.get(REF), Status.valueOf(r.get(STATUS).toUpperCase()),
                r.get(TRIGGER), r.get(REQUESTED_BY), r.get(LOG_PATH), r.get(RELEASE), r.get(ERROR), r.get(ATTEMPTS));
    }
}
