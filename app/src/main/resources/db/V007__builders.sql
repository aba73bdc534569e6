-- The build strategy an app chose with builder:set; no row means auto (HIY decides from the pushed files).
-- setting is the strategy's one setting: the Dockerfile's path for dockerfile, the image reference for image.
CREATE TABLE builders (
  app     TEXT NOT NULL PRIMARY KEY REFERENCES apps(name) ON DELETE CASCADE,
  builder TEXT NOT NULL,
  setting TEXT
);
