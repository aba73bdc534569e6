-- Where HIY tells about an app's deploys, failed deploys, crashes and rollbacks: an ntfy topic or a Slack-compatible
-- incoming webhook. The URL is a credential (whoever has it may post there), so it is sealed like config values:
-- url_hash finds it again for notify:unset, url_hint is what `notify` shows. app NULL: every app (admins).
CREATE TABLE notify_targets (
  id         INTEGER PRIMARY KEY,
  app        TEXT REFERENCES apps(name) ON DELETE CASCADE,
  url        BLOB NOT NULL,
  url_hash   TEXT NOT NULL,
  url_hint   TEXT NOT NULL,
  kind       TEXT NOT NULL,
  events     TEXT NOT NULL,
  user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE INDEX notify_targets_app ON notify_targets(app);
