-- API tokens for the HTTP door: only a SHA-256 of each token is kept (the token itself is printed once). A token
-- goes with its user; one narrowed to an app goes with that app, so an app made again under the same name is not
-- reachable with an old token.
CREATE TABLE tokens (
  user_name    TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE,
  app          TEXT REFERENCES apps(name) ON DELETE CASCADE,
  read_only    INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  PRIMARY KEY (user_name, name)
);
