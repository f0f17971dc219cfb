-- Trust: an indicator's own plausible range, and failed logins counted per
-- (account name, client address) so that nobody can lock a real user out
-- from another address. Keep in step with ../sqlite/0006_trust.sql: a test
-- compares the two schemas.

ALTER TABLE indicator ADD COLUMN plausible_min TEXT;
ALTER TABLE indicator ADD COLUMN plausible_max TEXT;

-- The account-wide lock let five anonymous requests keep a real user out;
-- the throttle below replaces it.
ALTER TABLE app_user DROP COLUMN failed_logins;
ALTER TABLE app_user DROP COLUMN locked_until;

-- One row per SHA-256 of (lower-cased name, client address): the same for
-- names that exist and names that do not, so the answers cannot tell them apart.
CREATE TABLE login_throttle (
    pair_hash     TEXT        PRIMARY KEY,
    failures      INTEGER     NOT NULL,
    blocked_until TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_throttle_updated ON login_throttle (updated_at);
