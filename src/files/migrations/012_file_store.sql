-- Files live in a file store (src/files/files.h) and are known by the name
-- the store gave them, not by a path: a store on shared storage or object
-- storage has no paths. Uploads and job results written before this
-- migration were all in the one files folder, so their name is the last
-- part of their path (the text after the last "/").
ALTER TABLE uploads RENAME COLUMN path TO file;
UPDATE uploads SET file = replace(file, rtrim(file, replace(file, '/', '')), '')
    WHERE file LIKE '%/%';
ALTER TABLE jobs RENAME COLUMN file_path TO file;
UPDATE jobs SET file = replace(file, rtrim(file, replace(file, '/', '')), '')
    WHERE file LIKE '%/%';
CREATE INDEX uploads_created ON uploads(created_at);
CREATE INDEX jobs_file ON jobs(finished_at) WHERE file <> '';
