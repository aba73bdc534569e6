-- A static site's release: the name of its folder under DATA/sites/APP (its files, served by Caddy); NULL for a
-- release that runs containers from its image.
ALTER TABLE releases ADD COLUMN site TEXT;
