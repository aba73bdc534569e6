CREATE TABLE access (
  app        TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  granted_by TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (app, user_name)
);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  user_name   TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  client      TEXT NOT NULL,
  action      TEXT NOT NULL,
  app         TEXT,
  outcome     TEXT NOT NULL
);

CREATE INDEX audit_by_app ON audit(app, id);

CREATE TABLE config (
  app        TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  value_age  BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app, key)
);

CREATE TABLE domains (
  host     TEXT PRIMARY KEY,
  app      TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  added_at INTEGER NOT NULL
);

ALTER TABLE releases ADD COLUMN env_age BLOB;

ALTER TABLE apps ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0;
