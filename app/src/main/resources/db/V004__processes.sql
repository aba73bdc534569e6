-- Process types and scale. Each app gets a pool of loopback ports (slots), all of them always in its Caddy
-- route; a release remembers its Procfile; formation says how many containers of each type should run; processes
-- lists the containers HIY started for a release, web ones on one of the app's slots.
-- Migrations run with foreign keys off (so tables can be rebuilt) and are checked for broken references after.
CREATE TABLE slots (
  port INTEGER PRIMARY KEY,
  app  TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE
);
INSERT INTO slots(port, app) SELECT slot_a, name FROM apps;
INSERT INTO slots(port, app) SELECT slot_b, name FROM apps;

CREATE TABLE formation (
  app      TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  type     TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (app, type)
);

CREATE TABLE processes (
  container TEXT PRIMARY KEY,
  app       TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  release   INTEGER NOT NULL,
  type      TEXT NOT NULL,
  idx       INTEGER NOT NULL,
  port      INTEGER
);
INSERT INTO processes(container, app, release, type, idx, port)
  SELECT r.container, r.app, r.version, 'web', 1, r.host_port
  FROM releases r JOIN apps a ON a.name = r.app AND a.current_release = r.version;

CREATE TABLE apps_new (
  name            TEXT PRIMARY KEY,
  current_release INTEGER,
  stopped         INTEGER NOT NULL DEFAULT 0,
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
INSERT INTO apps_new(name, current_release, stopped, created_by, created_at)
  SELECT name, current_release, stopped, created_by, created_at FROM apps;
DROP TABLE apps;
ALTER TABLE apps_new RENAME TO apps;

CREATE TABLE releases_new (
  app        TEXT NOT NULL REFERENCES apps(name),
  version    INTEGER NOT NULL,
  image      TEXT NOT NULL,
  image_id   TEXT NOT NULL,
  sha        TEXT NOT NULL,
  app_port   INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  env_age    BLOB,
  procfile   TEXT,
  PRIMARY KEY (app, version)
);
INSERT INTO releases_new(app, version, image, image_id, sha, app_port, kind, status, created_by, created_at, env_age)
  SELECT app, version, image, image_id, sha, app_port, kind, status, created_by, created_at, env_age FROM releases;
DROP TABLE releases;
ALTER TABLE releases_new RENAME TO releases;
