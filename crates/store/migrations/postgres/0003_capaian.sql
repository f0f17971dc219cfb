-- Capaian: each pemda's choice of rulebook per year, and the quarterly
-- targets and actuals of indicators that the engine reads.
-- Keep in step with ../sqlite/0003_capaian.sql: a test compares the two schemas.

CREATE TABLE tenant_rulebook (
    tenant_id   BIGINT  NOT NULL REFERENCES tenant (id),
    kind        TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    rulebook_id TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, kind, year)
);

-- One row per indicator and quarter: the quarter's target (rencana aksi)
-- and its actual, as exact decimal text. The primary key orders rows the way
-- the engine reads them, so a recompute scans without sorting.
CREATE TABLE indicator_quarter (
    tenant_id    BIGINT  NOT NULL REFERENCES tenant (id),
    year         INTEGER NOT NULL,
    indicator_id BIGINT  NOT NULL REFERENCES indicator (id),
    quarter      INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    target       TEXT,
    actual       TEXT,
    PRIMARY KEY (tenant_id, year, indicator_id, quarter)
);
