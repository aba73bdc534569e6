package hiy.store;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.table;

/** Releases: what image, which commit, which Procfile, and how it ended. */
public final class Releases {
    static final Table<Record> RELEASES = table("releases");
    static final Field<String> APP = field("app", String.class);
    static final Field<Integer> VERSION = field("version", Integer.class);
    static final Field<String> IMAGE = field("image", String.class);
    static final Field<String> IMAGE_ID = field("image_id", String.class);
    static final Field<String> SHA = field("sha", String.class);
    static final Field<Integer> APP_PORT = field("app_port", Integer.class);
    static final Field<String> KIND = field("kind", String.class);
    static final Field<String> STATUS = field("status", String.class);
    static final Field<String> CREATED_BY = field("created_by", String.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Field<byte[]> ENV = field("env_age", byte[].class);
    static final Field<String> PROCFILE = field("procfile", String.class);
    static final Field<String> SITE = field("site", String.class);

    /** The kind of a release a build made (the others: "config", "rollback vN"). */
    public static final String BUILT = "deploy";

    /** starting: being health-checked; live: serving; failed: never got healthy; retired: replaced. */
    public enum Status { STARTING, LIVE, FAILED, RETIRED }

    /**
     * procfile: the text of the commit's Procfile, null if it had none (one web process, the image's command). site:
     * the folder of a static site's files (see {@link Sites}), null for a release that runs containers of its image.
     */
    public record Release(String app, int version, String image, String imageId, String sha, int appPort, String kind,
                          Status status, String createdBy, long createdAt, String procfile, String site) {
        /** A static site: Caddy serves its folder, no container runs. */
        public boolean isStatic() {
            return site != null;
        }

        /** Made by a build and passed its health check (it serves, or served until replaced). */
        public boolean builtAndServed() {
            return BUILT.equals(kind) && (status == Status.LIVE || status == Status.RETIRED);
        }
    }

    private static final List<Field<?>> COLUMNS = List.of(APP, VERSION, IMAGE, IMAGE_ID, SHA, APP_PORT, KIND, STATUS,
            CREATED_BY, CREATED_AT, PROCFILE, SITE);

    private final DSLContext sql;

    public Releases(Database db) {
        this.sql = db.sql();
    }

    /** Reserves the next version number for the app and records it as starting. */
    public Release create(String app, String image, String imageId, String sha, int appPort, String procfile,
                          String kind, String createdBy, byte[] sealedEnv) {
        return create(app, image, imageId, sha, appPort, procfile, null, kind, createdBy, sealedEnv);
    }

    /** A static site's release: no image, no Procfile, the site's folder. */
    public Release createSite(String app, String site, String sha, String kind, String createdBy, byte[] sealedEnv) {
        return create(app, "", "", sha, 0, null, site, kind, createdBy, sealedEnv);
    }

    private Release create(String app, String image, String imageId, String sha, int appPort, String procfile,
                           String site, String kind, String createdBy, byte[] sealedEnv) {
        return sql.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Integer last = t.select(max(VERSION)).from(RELEASES).where(APP.eq(app)).fetchOne(0, Integer.class);
            int version = last == null ? 1 : last + 1;
            long now = System.currentTimeMillis();
            t.insertInto(RELEASES).set(APP, app).set(VERSION, version).set(IMAGE, image).set(IMAGE_ID, imageId)
                    .set(SHA, sha).set(APP_PORT, appPort).set(PROCFILE, procfile).set(SITE, site)
                    .set(KIND, kind).set(STATUS, Status.STARTING.name().toLowerCase()).set(CREATED_BY, createdBy)
                    .set(CREATED_AT, now).set(ENV, sealedEnv).execute();
            return new Release(app, version, image, imageId, sha, appPort, kind, Status.STARTING, createdBy, now,
                    procfile, site);
        });
    }

    /** The version the next release of this app will get; used to name its image before the release exists. */
    public int nextVersion(String app) {
        Integer last = sql.select(max(VERSION)).from(RELEASES).where(APP.eq(app)).fetchOne(0, Integer.class);
        return last == null ? 1 : last + 1;
    }

    public void setStatus(String app, int version, Status status) {
        sql.update(RELEASES).set(STATUS, status.name().toLowerCase())
                .where(APP.eq(app).and(VERSION.eq(version))).execute();
    }

    /** The release's environment as sealed at its start; null for releases made before environments were kept. */
    public byte[] sealedEnv(String app, int version) {
        return sql.select(ENV).from(RELEASES).where(APP.eq(app).and(VERSION.eq(version))).fetchOne(ENV);
    }

    /** Releases a previous HIY process was still health-checking when it died: marked failed and returned. */
    public List<Release> abandonStarting() {
        return sql.transactionResult(tx -> {
            List<Release> starting = tx.dsl().select(COLUMNS).from(RELEASES)
                    .where(STATUS.eq(Status.STARTING.name().toLowerCase())).fetch(Releases::toRelease);
            tx.dsl().update(RELEASES).set(STATUS, Status.FAILED.name().toLowerCase())
                    .where(STATUS.eq(Status.STARTING.name().toLowerCase())).execute();
            return starting;
        });
    }

    /** The app's current release; empty for an app that was never deployed. */
    public Optional<Release> current(Apps.App app) {
        return app.currentRelease() == null ? Optional.empty() : find(app.name(), app.currentRelease());
    }

    /** Why nothing can run yet, and, when howToDeploy is given, how to deploy (e.g. the git push command). */
    public static String noneYet(String app, String howToDeploy) {
        return app + " has no release yet; deploy it first" + (howToDeploy == null ? "" : ": " + howToDeploy);
    }

    public Optional<Release> find(String app, int version) {
        return sql.select(COLUMNS).from(RELEASES).where(APP.eq(app).and(VERSION.eq(version))).fetchOptional(Releases::toRelease);
    }

    public List<Release> of(String app) {
        return sql.select(COLUMNS).from(RELEASES).where(APP.eq(app)).orderBy(VERSION.desc()).fetch(Releases::toRelease);
    }

    /** How many releases each app had, by kind (deploy, config, rollback …): for metrics. */
    public Map<String, Map<String, Integer>> countsByAppAndKind() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        sql.select(APP, KIND, DSL.count()).from(RELEASES).groupBy(APP, KIND).fetch()
                .forEach(r -> counts.computeIfAbsent(r.value1(), a -> new TreeMap<>()).put(r.value2(), r.value3()));
        return counts;
    }

    private static Release toRelease(Record r) {
        return new Release(r.get(APP), r.get(VERSION), r.get(IMAGE), r.get(IMAGE_ID), r.get(SHA), r.get(APP_PORT),
                r.get(KIND), Status.valueOf(r.get(STATUS).toUpperCase()), r.get(CREATED_BY), r.get(CREATED_AT),
                r.get(PROCFILE), r.get(SITE));
    }
}
