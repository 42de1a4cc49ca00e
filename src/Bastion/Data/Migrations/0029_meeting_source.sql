-- How a held meeting came into the platform: 录入 (recorded at the time) or 补录 (imported from earlier records,
-- e.g. a branch that starts using the platform mid-year brings in the year's meetings). Both count for compliance.
ALTER TABLE meetings ADD COLUMN source varchar(10) NOT NULL DEFAULT '录入'
    CONSTRAINT ck_meetings_source CHECK (source IN ('录入', '补录'));
