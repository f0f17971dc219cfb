-- Realisation: the reporting calendar, reopenings, each OPD's quarterly
-- report (versioned: a correction of approved values is a new version),
-- its entries, budget spent, evidence and evidence content.
-- Keep in step with ../postgres/0005_realisation.sql: a test compares the two schemas.

CREATE TABLE reporting_period (
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    opens_on   TEXT    NOT NULL,
    closes_on  TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, year, quarter),
    CHECK (closes_on >= opens_on)
);

CREATE TABLE period_reopening (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    opd_id     INTEGER NOT NULL REFERENCES opd (id),
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    until_on   TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX period_reopening_opd ON period_reopening (tenant_id, year, quarter, opd_id);

CREATE TABLE realisation_report (
    id                INTEGER PRIMARY KEY,
    tenant_id         INTEGER NOT NULL REFERENCES tenant (id),
    opd_id            INTEGER NOT NULL REFERENCES opd (id),
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    version           INTEGER NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'superseded')),
    correction_reason TEXT,
    review_note       TEXT,
    submitted_at      TEXT,
    submitted_late    INTEGER NOT NULL DEFAULT 0,
    decided_at        TEXT,
    decided_by        TEXT,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    UNIQUE (tenant_id, opd_id, year, quarter, version)
);
CREATE INDEX realisation_report_year ON realisation_report (tenant_id, year, quarter);
-- At most one version of a quarter's report is being worked on.
CREATE UNIQUE INDEX realisation_report_open ON realisation_report (tenant_id, opd_id, year, quarter)
    WHERE status IN ('draft', 'submitted', 'returned');

-- `subject_id` is a soft link (an indicator or a PK row): a Renstra re-import
-- may drop the row, and the approved figures must stay readable.
CREATE TABLE realisation (
    report_id    INTEGER NOT NULL REFERENCES realisation_report (id),
    tenant_id    INTEGER NOT NULL REFERENCES tenant (id),
    subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('indicator', 'pk_row')),
    subject_id   INTEGER NOT NULL,
    actual       TEXT,
    achieved     TEXT    NOT NULL,
    obstacles    TEXT    NOT NULL,
    follow_up    TEXT    NOT NULL,
    revision     INTEGER NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL,
    PRIMARY KEY (report_id, subject_kind, subject_id)
);

-- Spent per sub-kegiatan, by nomenclature code (survives a Renstra re-import).
CREATE TABLE budget_realisation (
    report_id  INTEGER NOT NULL REFERENCES realisation_report (id),
    tenant_id  INTEGER NOT NULL REFERENCES tenant (id),
    code       TEXT    NOT NULL,
    spent      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (report_id, code)
);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenant (id),
    report_id    INTEGER NOT NULL REFERENCES realisation_report (id),
    subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('indicator', 'pk_row')),
    subject_id   INTEGER NOT NULL,
    file_name    TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg', 'xlsx')),
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    stored_in    TEXT    NOT NULL CHECK (stored_in IN ('database', 's3')),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX evidence_report ON evidence (report_id, subject_kind, subject_id);
CREATE INDEX evidence_subject ON evidence (tenant_id, subject_kind, subject_id);

-- File content kept in the database, once per pemda and content.
CREATE TABLE evidence_blob (
    tenant_id INTEGER NOT NULL REFERENCES tenant (id),
    sha256    TEXT    NOT NULL,
    content   BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, sha256)
);

-- Only a draft or returned report takes changes to its content.
CREATE TRIGGER realisation_frozen_insert BEFORE INSERT ON realisation
WHEN (SELECT status FROM realisation_report WHERE id = NEW.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER realisation_frozen_update BEFORE UPDATE ON realisation
WHEN (SELECT status FROM realisation_report WHERE id = OLD.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER realisation_frozen_delete BEFORE DELETE ON realisation
WHEN (SELECT status FROM realisation_report WHERE id = OLD.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER budget_realisation_frozen_insert BEFORE INSERT ON budget_realisation
WHEN (SELECT status FROM realisation_report WHERE id = NEW.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER budget_realisation_frozen_update BEFORE UPDATE ON budget_realisation
WHEN (SELECT status FROM realisation_report WHERE id = OLD.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER budget_realisation_frozen_delete BEFORE DELETE ON budget_realisation
WHEN (SELECT status FROM realisation_report WHERE id = OLD.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER evidence_frozen_insert BEFORE INSERT ON evidence
WHEN (SELECT status FROM realisation_report WHERE id = NEW.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;
CREATE TRIGGER evidence_frozen_update BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER evidence_frozen_delete BEFORE DELETE ON evidence
WHEN (SELECT status FROM realisation_report WHERE id = OLD.report_id) NOT IN ('draft', 'returned')
BEGIN SELECT RAISE(ABORT, 'realisation report is not editable'); END;

-- An approved report changes only to superseded (by a correction's approval), and never goes away.
CREATE TRIGGER realisation_report_frozen BEFORE UPDATE ON realisation_report
WHEN OLD.status IN ('approved', 'superseded') AND (
    NEW.status NOT IN ('approved', 'superseded') OR (OLD.status = 'superseded' AND NEW.status <> 'superseded')
    OR NEW.opd_id IS NOT OLD.opd_id OR NEW.year IS NOT OLD.year OR NEW.quarter IS NOT OLD.quarter
    OR NEW.version IS NOT OLD.version OR NEW.correction_reason IS NOT OLD.correction_reason
    OR NEW.submitted_at IS NOT OLD.submitted_at OR NEW.decided_at IS NOT OLD.decided_at
)
BEGIN SELECT RAISE(ABORT, 'an approved realisation report is frozen'); END;
CREATE TRIGGER realisation_report_kept BEFORE DELETE ON realisation_report
BEGIN SELECT RAISE(ABORT, 'realisation reports are never deleted'); END;
