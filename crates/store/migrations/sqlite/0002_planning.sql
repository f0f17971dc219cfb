-- Planning: nomenclature reference data, RPJMD and Renstra plans, Renja and imports.
-- Keep in step with ../postgres/0002_planning.sql: a test compares the two schemas.
-- Targets and amounts are exact decimals kept as canonical text (SQLite has no decimal type).

CREATE TABLE nomenclature_version (
    id          TEXT    PRIMARY KEY,
    title       TEXT    NOT NULL,
    regulation  TEXT    NOT NULL,
    issued_on   TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    imported_at TEXT    NOT NULL
);

CREATE TABLE nomenclature (
    version_id TEXT NOT NULL REFERENCES nomenclature_version (id),
    code       TEXT NOT NULL,
    level      TEXT NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (version_id, code)
);
CREATE INDEX nomenclature_code ON nomenclature (code);

CREATE TABLE plan (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenant (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('rpjmd', 'renstra')),
    opd_id        INTEGER REFERENCES opd (id),
    start_year    INTEGER NOT NULL,
    end_year      INTEGER NOT NULL,
    title         TEXT    NOT NULL,
    visi          TEXT,
    revision      INTEGER NOT NULL DEFAULT 0,
    revision_note TEXT,
    status        TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    superseded_by INTEGER REFERENCES plan (id),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK ((kind = 'rpjmd') = (opd_id IS NULL)),
    CHECK (end_year >= start_year)
);
CREATE INDEX plan_tenant ON plan (tenant_id, kind, opd_id);
-- One plan in force per pemda (or OPD) and starting year; revisions replace it.
CREATE UNIQUE INDEX plan_in_force ON plan (tenant_id, kind, COALESCE(opd_id, 0), start_year) WHERE superseded_by IS NULL;

CREATE TABLE plan_element (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    plan_id    INTEGER NOT NULL REFERENCES plan (id),
    parent_id  INTEGER REFERENCES plan_element (id),
    kind       TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (plan_id, code)
);
CREATE INDEX plan_element_tenant ON plan_element (tenant_id, plan_id, position);

CREATE TABLE indicator (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenant (id),
    element_id         INTEGER NOT NULL REFERENCES plan_element (id),
    position           INTEGER NOT NULL,
    name               TEXT    NOT NULL,
    definition         TEXT,
    formula            TEXT,
    unit               TEXT    NOT NULL,
    polarity           TEXT    NOT NULL,
    value_kind         TEXT    NOT NULL,
    aggregation        TEXT    NOT NULL,
    data_source        TEXT,
    responsible_opd_id INTEGER REFERENCES opd (id),
    is_iku             INTEGER NOT NULL DEFAULT 0,
    baseline           TEXT,
    final_target       TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX indicator_element ON indicator (tenant_id, element_id, position);

CREATE TABLE indicator_target (
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    tenant_id    INTEGER NOT NULL REFERENCES tenant (id),
    year         INTEGER NOT NULL,
    target       TEXT    NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE element_budget (
    element_id INTEGER NOT NULL REFERENCES plan_element (id),
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    year       INTEGER NOT NULL,
    pagu       TEXT    NOT NULL,
    PRIMARY KEY (element_id, year)
);

-- A Renstra sasaran supports RPJMD sasaran named by code, so the link
-- survives an RPJMD revision (which copies the sasaran with their codes).
CREATE TABLE element_support (
    element_id INTEGER NOT NULL REFERENCES plan_element (id),
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    rpjmd_code TEXT    NOT NULL,
    PRIMARY KEY (element_id, rpjmd_code)
);

CREATE TABLE renja_item (
    id             INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL REFERENCES tenant (id),
    opd_id         INTEGER NOT NULL REFERENCES opd (id),
    year           INTEGER NOT NULL,
    element_id     INTEGER NOT NULL REFERENCES plan_element (id),
    pagu           TEXT    NOT NULL,
    pagu_perubahan TEXT,
    updated_at     TEXT    NOT NULL,
    UNIQUE (element_id, year)
);
CREATE INDEX renja_item_tenant ON renja_item (tenant_id, opd_id, year);

-- An uploaded workbook between its preview and its application.
CREATE TABLE import_batch (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    plan_id    INTEGER NOT NULL REFERENCES plan (id),
    file_name  TEXT    NOT NULL,
    content    BLOB    NOT NULL,
    created_at TEXT    NOT NULL,
    applied_at TEXT
);
