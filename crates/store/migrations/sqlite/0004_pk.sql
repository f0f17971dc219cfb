-- Perjanjian Kinerja: one agreement per position and year, its versions
-- (the original and each PK Perubahan), rows, budget, signing keys and
-- signatures. A signed version never changes: the triggers below refuse it.
-- Keep in step with ../postgres/0004_pk.sql: a test compares the two schemas.

-- The official an account signs as.
ALTER TABLE app_user ADD COLUMN official_id INTEGER REFERENCES official (id);

CREATE TABLE pk (
    id                   INTEGER PRIMARY KEY,
    tenant_id            INTEGER NOT NULL REFERENCES tenant (id),
    year                 INTEGER NOT NULL,
    position_id          INTEGER NOT NULL REFERENCES job_position (id),
    opd_id               INTEGER REFERENCES opd (id),
    level                TEXT    NOT NULL,
    superior_position_id INTEGER REFERENCES job_position (id),
    created_at           TEXT    NOT NULL,
    UNIQUE (tenant_id, year, position_id)
);
CREATE INDEX pk_year ON pk (tenant_id, year, opd_id);

CREATE TABLE pk_version (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenant (id),
    pk_id              INTEGER NOT NULL REFERENCES pk (id),
    number             INTEGER NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'signed_first', 'in_force', 'replaced', 'revoked')),
    code               TEXT    NOT NULL UNIQUE,
    first_party        TEXT    NOT NULL,
    second_party       TEXT,
    place              TEXT    NOT NULL,
    signed_on          TEXT    NOT NULL,
    amendment_reason   TEXT,
    amendment_note     TEXT,
    review_note        TEXT,
    canonical          TEXT,
    digest             TEXT,
    pdf                BLOB,
    pdf_sha256         TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    UNIQUE (pk_id, number)
);
CREATE INDEX pk_version_pk ON pk_version (tenant_id, pk_id);
CREATE INDEX pk_version_pdf ON pk_version (pdf_sha256);

CREATE TABLE pk_row (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenant (id),
    version_id          INTEGER NOT NULL REFERENCES pk_version (id),
    position            INTEGER NOT NULL,
    row_key             TEXT    NOT NULL,
    goal                TEXT    NOT NULL,
    indicator           TEXT    NOT NULL,
    unit                TEXT    NOT NULL,
    value_kind          TEXT    NOT NULL,
    polarity            TEXT    NOT NULL,
    aggregation         TEXT    NOT NULL,
    target              TEXT,
    q1                  TEXT,
    q2                  TEXT,
    q3                  TEXT,
    q4                  TEXT,
    parent_key          TEXT,
    -- A soft link, not a foreign key: the row is a copy the parties sign, so a later
    -- Renstra revision or re-import may drop or renumber the indicator it came from.
    source_indicator_id INTEGER,
    source_code         TEXT,
    UNIQUE (version_id, row_key)
);

CREATE TABLE pk_budget (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    version_id INTEGER NOT NULL REFERENCES pk_version (id),
    position   INTEGER NOT NULL,
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    amount     TEXT    NOT NULL,
    note       TEXT    NOT NULL
);
CREATE INDEX pk_budget_version ON pk_budget (version_id);

-- An official's Ed25519 keys: the seed sealed with the server's key, the
-- public key in the clear. Rotation retires a key; old signatures keep
-- verifying with it.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenant (id),
    official_id INTEGER NOT NULL REFERENCES official (id),
    public_key  TEXT    NOT NULL,
    sealed_seed TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    retired_at  TEXT
);
CREATE UNIQUE INDEX signing_key_active ON signing_key (official_id) WHERE retired_at IS NULL;

CREATE TABLE pk_signature (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenant (id),
    version_id  INTEGER NOT NULL REFERENCES pk_version (id),
    party       TEXT    NOT NULL CHECK (party IN ('first', 'second')),
    official_id INTEGER NOT NULL REFERENCES official (id),
    user_id     INTEGER NOT NULL REFERENCES app_user (id),
    key_id      INTEGER NOT NULL REFERENCES signing_key (id),
    signed_at   TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    signature   TEXT    NOT NULL,
    UNIQUE (version_id, party)
);

CREATE TRIGGER pk_row_frozen_insert BEFORE INSERT ON pk_row
WHEN (SELECT status FROM pk_version WHERE id = NEW.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

CREATE TRIGGER pk_row_frozen_update BEFORE UPDATE ON pk_row
WHEN (SELECT status FROM pk_version WHERE id = OLD.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

CREATE TRIGGER pk_row_frozen_delete BEFORE DELETE ON pk_row
WHEN (SELECT status FROM pk_version WHERE id = OLD.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

CREATE TRIGGER pk_budget_frozen_insert BEFORE INSERT ON pk_budget
WHEN (SELECT status FROM pk_version WHERE id = NEW.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

CREATE TRIGGER pk_budget_frozen_update BEFORE UPDATE ON pk_budget
WHEN (SELECT status FROM pk_version WHERE id = OLD.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

CREATE TRIGGER pk_budget_frozen_delete BEFORE DELETE ON pk_budget
WHEN (SELECT status FROM pk_version WHERE id = OLD.version_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'pk version is not editable');
END;

-- Once signed, only the status moves on (to in force, replaced, revoked),
-- and the issued PDF is written once.
CREATE TRIGGER pk_version_signed BEFORE UPDATE ON pk_version
WHEN OLD.status IN ('signed_first', 'in_force', 'replaced', 'revoked') AND (
    NEW.pk_id IS NOT OLD.pk_id OR NEW.number IS NOT OLD.number OR NEW.code IS NOT OLD.code
    OR NEW.first_party IS NOT OLD.first_party OR NEW.second_party IS NOT OLD.second_party
    OR NEW.place IS NOT OLD.place OR NEW.signed_on IS NOT OLD.signed_on
    OR NEW.amendment_reason IS NOT OLD.amendment_reason OR NEW.amendment_note IS NOT OLD.amendment_note
    OR NEW.canonical IS NOT OLD.canonical OR NEW.digest IS NOT OLD.digest
    OR (OLD.pdf IS NOT NULL AND NEW.pdf IS NOT OLD.pdf)
    OR (OLD.pdf_sha256 IS NOT NULL AND NEW.pdf_sha256 IS NOT OLD.pdf_sha256)
    OR NEW.status NOT IN ('signed_first', 'in_force', 'replaced', 'revoked')
)
BEGIN
    SELECT RAISE(ABORT, 'a signed pk version cannot change');
END;

CREATE TRIGGER pk_version_no_delete BEFORE DELETE ON pk_version
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'only a draft pk version can be deleted');
END;

CREATE TRIGGER pk_signature_no_update BEFORE UPDATE ON pk_signature
BEGIN
    SELECT RAISE(ABORT, 'a signature cannot change');
END;

CREATE TRIGGER pk_signature_no_delete BEFORE DELETE ON pk_signature
BEGIN
    SELECT RAISE(ABORT, 'a signature cannot be removed');
END;
