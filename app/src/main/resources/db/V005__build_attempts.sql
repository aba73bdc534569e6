-- How often a build was started: a build that was under way when HIY died is queued again once (with the count
-- carried over), never a second time, so a build that kills HIY cannot keep it from starting.
ALTER TABLE builds ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
