-- Foundation: pemda, organisation, officials, access and the audit log.
-- Keep in step with ../postgres/0001_foundation.sql: a test compares the two schemas.

CREATE TABLE tenant (
    id            INTEGER PRIMARY KEY,
    code          TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota')),
    province_code TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE TABLE opd (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenant (id),
    name          TEXT    NOT NULL,
    short_name    TEXT,
    kind          TEXT    NOT NULL,
    district_code TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX opd_tenant ON opd (tenant_id, kind);

CREATE TABLE unit (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    opd_id     INTEGER NOT NULL REFERENCES opd (id),
    parent_id  INTEGER REFERENCES unit (id),
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (opd_id, name)
);
CREATE INDEX unit_tenant ON unit (tenant_id, opd_id);

CREATE TABLE job_position (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    opd_id     INTEGER REFERENCES opd (id),
    unit_id    INTEGER REFERENCES unit (id),
    name       TEXT    NOT NULL,
    level      TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX job_position_tenant ON job_position (tenant_id, opd_id);

CREATE TABLE official (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenant (id),
    nip          TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    front_titles TEXT,
    back_titles  TEXT,
    golongan     TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    UNIQUE (tenant_id, nip)
);

CREATE TABLE assignment (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenant (id),
    official_id INTEGER NOT NULL REFERENCES official (id),
    position_id INTEGER NOT NULL REFERENCES job_position (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('definitif', 'plt', 'plh')),
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT,
    decree      TEXT,
    created_at  TEXT    NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX assignment_official ON assignment (tenant_id, official_id);
CREATE INDEX assignment_position ON assignment (tenant_id, position_id);

CREATE TABLE app_user (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER REFERENCES tenant (id),
    username            TEXT    NOT NULL UNIQUE,
    display_name        TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT    NOT NULL,
    password_changed_at TEXT    NOT NULL
);
CREATE INDEX app_user_tenant ON app_user (tenant_id);

CREATE TABLE role_grant (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES app_user (id),
    role      TEXT    NOT NULL,
    tenant_id INTEGER REFERENCES tenant (id),
    opd_id    INTEGER REFERENCES opd (id)
);
CREATE UNIQUE INDEX role_grant_unique ON role_grant (user_id, role, COALESCE(tenant_id, 0), COALESCE(opd_id, 0));

CREATE TABLE user_session (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id),
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE audit_head (
    chain INTEGER PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT    NOT NULL
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    chain         INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    tenant_id     INTEGER REFERENCES tenant (id),
    at            TEXT    NOT NULL,
    actor_user_id INTEGER,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    entity        TEXT    NOT NULL,
    entity_id     INTEGER,
    before_value  TEXT,
    after_value   TEXT,
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
