CREATE TABLE users (
  name        TEXT PRIMARY KEY,
  is_admin    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);

CREATE TABLE keys (
  fingerprint TEXT PRIMARY KEY,
  user_name   TEXT NOT NULL REFERENCES users(name),
  key_type    TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE apps (
  name            TEXT PRIMARY KEY,
  slot_a          INTEGER NOT NULL UNIQUE,
  slot_b          INTEGER NOT NULL UNIQUE,
  current_release INTEGER,
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);

CREATE TABLE releases (
  app            TEXT NOT NULL REFERENCES apps(name),
  version        INTEGER NOT NULL,
  image          TEXT NOT NULL,
  image_id       TEXT NOT NULL,
  sha            TEXT NOT NULL,
  container      TEXT NOT NULL,
  host_port      INTEGER NOT NULL,
  app_port       INTEGER NOT NULL,
  kind           TEXT NOT NULL,
  status         TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (app, version)
);

CREATE TABLE builds (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  app         TEXT NOT NULL REFERENCES apps(name),
  sha         TEXT NOT NULL,
  ref         TEXT NOT NULL,
  status      TEXT NOT NULL,
  trigger     TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  queued_at   INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER,
  log_path    TEXT NOT NULL,
  release     INTEGER,
  error       TEXT
);

CREATE INDEX builds_by_status ON builds(status, id);
