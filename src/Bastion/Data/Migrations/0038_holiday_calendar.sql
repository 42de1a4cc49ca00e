-- The national holiday arrangement per year (法定节假日 and 调休): working days are counted on it (公示 ≥5 working days).
-- A year without a row counts Monday–Friday and the answer is provisional (暂算).
CREATE TABLE holiday_years (
    year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    days_off date[] NOT NULL DEFAULT '{}',
    makeup_workdays date[] NOT NULL DEFAULT '{}',
    source varchar(200),
    updated_at timestamptz NOT NULL,
    updated_by varchar(100)
);
