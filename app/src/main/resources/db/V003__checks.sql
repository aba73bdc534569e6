CREATE TABLE checks (
  app            TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  source         TEXT NOT NULL,
  path           TEXT,
  successes      INTEGER,
  interval_ms    INTEGER,
  boot_timeout_s INTEGER,
  stop_grace_s   INTEGER,
  PRIMARY KEY (app, source)
);
