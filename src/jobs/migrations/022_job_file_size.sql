-- The size of each job's result file, so the space a user's export and
-- error files take is one sum (job_files_quota_mb). Files made before this
-- migration count as 0 until they expire (job_file_keep_hours).
ALTER TABLE jobs ADD COLUMN file_size INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_user_file ON jobs(created_by, file_size) WHERE file <> '';
