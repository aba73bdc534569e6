package hiy.store;

import hiy.secrets.Secrets;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The repository an app's GitHub push webhook deploys, its secret (sealed at rest), and the deliveries taken. */
public final class Webhooks {
    static final Table<Record> WEBHOOKS = table("webhooks");
    static final Field<String> APP = field("app", String.class);
    static final Field<String> REPO_URL = field("repo_url", String.class);
    static final Field<String> BRANCH = field("branch", String.class);
    static final Field<byte[]> SECRET = field("secret", byte[].class);
    static final Field<String> USER_NAME = field("user_name", String.class);
    static final Field<Long> CREATED_AT = field("created_at", Long.class);
    static final Field<byte[]> DEPLOY_KEY = field("deploy_key", byte[].class);
    static final Field<String> DEPLOY_PUBLIC = field("deploy_public", String.class);
    static final Table<Record> DELIVERIES = table("webhook_deliveries");
    static final Field<String> DELIVERY = field("delivery", String.class);
    static final Field<Long> AT = field("at", Long.class);

    /**
     * user: who set it; builds it triggers are theirs, with their rights at the time. deployKey: the private half of
     * its deploy key in OpenSSH's format, deployPublic its public line (both null for a webhook set before keys).
     */
    public record Webhook(String app, String repoUrl, String branch, String secret, String user, String deployKey,
                          String deployPublic) { }

    private final DSLContext sql;
    private final Secrets secrets;

    public Webhooks(Database db, Secrets secrets) {
        this.sql = db.sql();
        this.secrets = secrets;
    }

    /** Links the app to the repository, replacing a link it had (and its secret). */
    public void set(Webhook hook) {
        byte[] sealed = secrets.encrypt(hook.secret());
        byte[] key = hook.deployKey() == null ? null : secrets.encrypt(hook.deployKey());
        sql.insertInto(WEBHOOKS).set(APP, hook.app()).set(REPO_URL, hook.repoUrl()).set(BRANCH, hook.branch())
                .set(SECRET, sealed).set(USER_NAME, hook.user()).set(CREATED_AT, System.currentTimeMillis())
                .set(DEPLOY_KEY, key).set(DEPLOY_PUBLIC, hook.deployPublic())
                .onConflict(APP).doUpdate().set(REPO_URL, hook.repoUrl()).set(BRANCH, hook.branch())
                .set(SECRET, sealed).set(USER_NAME, hook.user()).set(CREATED_AT, System.currentTimeMillis())
                .set(DEPLOY_KEY, key).set(DEPLOY_PUBLIC, hook.deployPublic()).execute();
    }

    public Optional<Webhook> of(String app) {
        return sql.select(APP, REPO_URL, BRANCH, SECRET, USER_NAME, DEPLOY_KEY, DEPLOY_PUBLIC).from(WEBHOOKS)
                .where(APP.eq(app)).fetchOptional(r -> new Webhook(r.get(APP), r.get(REPO_URL), r.get(BRANCH),
                        secrets.decrypt(r.get(SECRET)), r.get(USER_NAME),
                        r.get(DEPLOY_KEY) == null ? null : secrets.decrypt(r.get(DEPLOY_KEY)), r.get(DEPLOY_PUBLIC)));
    }

    /** Returns false when the app had no webhook. */
    public boolean unset(String app) {
        return sql.deleteFrom(WEBHOOKS).where(APP.eq(app)).execute() == 1;
    }

    /** Records a delivery; false when this app already took one with that id. */
    public boolean firstDelivery(String app, String delivery) {
        return sql.insertInto(DELIVERIES).set(APP, app).set(DELIVERY, delivery).set(AT, System.currentTimeMillis())
                .onConflictDoNothing().execute() == 1;
    }
}
