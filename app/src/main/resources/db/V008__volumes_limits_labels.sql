-- What an app asks of its containers besides image and command. volumes: named volumes HIY made for the app, each
-- mounted at path in every container of it (path NULL: unmounted, its data kept); exclusive: one release at a time.
-- limits: memory and CPU per process type ('' for every type of the app). labels: the user's own container labels.
CREATE TABLE volumes (
  app        TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  path       TEXT,
  exclusive  INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app, name)
);

CREATE TABLE limits (
  app       TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  process   TEXT NOT NULL,
  memory_mb INTEGER,
  cpus      REAL,
  PRIMARY KEY (app, process)
);

CREATE TABLE labels (
  app   TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (app, key)
);

-- Apps in maintenance: Caddy answers 503 with a maintenance page, their processes keep running.
CREATE TABLE maintenance (
  app   TEXT PRIMARY KEY REFERENCES apps(name) ON DELETE CASCADE,
  since INTEGER NOT NULL
);
