-- Roster imports run from a queue owned by a hosted service (issue 13, item 3).
--
-- started_at: when a worker took the job (null: queued — a check after upload, or an import after 确认导入). While it
-- runs, the worker holds the session advisory lock (hashtext('import_jobs'), id); a started job in 校验中/导入中 whose lock
-- nobody holds was left by a crash or a restart and is marked 失败 with failure saying so (queued jobs are simply run).
-- failure: why a job failed, shown on the import page.
-- requested_by_id / requested_by: who asked for the queued work (the uploader, then whoever confirmed the import), so
-- the worker writes the audit row in their name.
ALTER TABLE import_jobs
    ADD COLUMN started_at       timestamptz,
    ADD COLUMN failure          varchar(300),
    ADD COLUMN requested_by_id  bigint,
    ADD COLUMN requested_by     varchar(100);
