-- The app's own maintenance page, maintenance.html at the top of the live release's commit, read at maintenance:on.
-- NULL: HIY's own page.
ALTER TABLE maintenance ADD COLUMN page TEXT;
