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

-- A GitHub repository linked to an app: its push webhook deploys the branch. The secret is sealed like config
-- values. The build is made in the name of the user who set the webhook, with that user's rights at delivery time.
CREATE TABLE webhooks (
  app        TEXT PRIMARY KEY REFERENCES apps(name) ON DELETE CASCADE,
  repo_url   TEXT NOT NULL,
  branch     TEXT NOT NULL,
  secret     BLOB NOT NULL,
  user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);

-- Deliveries already taken (X-GitHub-Delivery), so a redelivery or a replay builds nothing again.
CREATE TABLE webhook_deliveries (
  app        TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
  delivery   TEXT NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (app, delivery)
);
