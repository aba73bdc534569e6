-- A webhook's per-app ed25519 deploy key for fetching a private repository over SSH: the private half in
-- OpenSSH's format, sealed like config values, and the public half to show. NULL for a webhook set before keys.
ALTER TABLE webhooks ADD COLUMN deploy_key BLOB;
ALTER TABLE webhooks ADD COLUMN deploy_public TEXT;
