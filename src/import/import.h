#ifndef KH_IMPORT_IMPORT_H
#define KH_IMPORT_IMPORT_H

/*
 * Import of customers from CSV and .xlsx (R-PLT-3, R-ARC-8): header
 * mapping (Chinese or English names, or a saved mapping), per-row
 * conversion and the same validation as the UI's forms, duplicates against
 * the archive and within the file, a dry run that changes nothing, and two
 * commit modes: all-or-nothing (one transaction) or the valid rows (the
 * rest in an error file). Streams the file: a million rows never sit in
 * memory.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"
#include "sheet/sheet.h"

extern const struct kh_audit_action import_audit_actions[];
/* The background jobs of import_start: an import, and a preview (dry run). */
extern const struct job_kind import_job_kind;
extern const struct job_kind import_preview_job_kind;
/*
 * Uploads are kept upload_keep_hours (setting, default 24): older ones are
 * no longer found, and this periodic task (hourly, from half past)
 * deletes them and their files.
 */
extern const struct job_kind import_uploads_expire_kind;
extern const struct job_task import_uploads_expire_task;
/* Hours an upload is kept for its preview and import (settings_int). */
extern const struct kh_setting import_setting_upload_keep_hours;
/* Megabytes of stored uploads one user may have (settings_int, default 1024). */
extern const struct kh_setting import_setting_upload_quota_mb;

struct file_writer;
struct job_run;

enum import_mode { IMPORT_ALL_OR_NOTHING, IMPORT_VALID_ROWS };
enum import_dups { IMPORT_DUPS_SKIP, IMPORT_DUPS_UPDATE_OWN };

/* A column mapping entry: header text -> field ("" ignores the column). */
struct import_map {
    const char *header;
    const char *field;
};

/*
 * A value mapping entry of a choice column: in the column mapped to field
 * ("source"), the file's text from stands for the allowed value to ("" leaves
 * the field empty). JSON {"source": {"网络": "internet"}}.
 */
struct import_value_map {
    const char *field;
    const char *from;
    const char *to;
};
/* At most this many value mapping entries, and characters of a file's value in one. */
#define IMPORT_VALUE_MAP_MAX 2000
#define IMPORT_VALUE_TEXT_MAX 200

struct import_options {
    const char *file; /* an upload: its name in ctx->files (the API); NULL: path */
    const char *path; /* a local file (the CLI) */
    const char *name; /* shown in messages and the audit */
    enum sheet_format format;
    enum sheet_encoding encoding;
    const struct import_map *mapping; /* NULL: default headers */
    int nmapping;
    const struct import_value_map *values; /* the user's choice value mapping */
    int nvalues;
    bool dry_run;
    bool english; /* the error file's headers and reasons in English (else zh-CN) */
    enum import_mode mode;
    enum import_dups dups;
    /*
     * Nothing else writes the database while the import runs (the CLI
     * holds the database lock: no server is running). An all-or-nothing
     * import then stores the file in one transaction instead of staging it
     * in short ones (DECISIONS §48).
     */
    bool sole_writer;
    /*
     * A batched import that a server's stop interrupted resumes after the
     * rows its committed batches took (rows > 0), and adds what they did.
     */
    struct import_resume {
        int64_t rows, created, updated, skipped, invalid;
    } resume;
    /*
     * Return at the commit: the customers' search documents wait for the
     * server's job (customer.search_backlog) instead of this import's
     * catch-up (`kehu import --no-wait`, DECISIONS §157).
     */
    bool no_wait;
    /* Optional progress callback (the CLI's progress line): bytes done of total. */
    void (*progress)(void *arg, int64_t rows, uint64_t done, uint64_t total);
    /* Optional: search documents put into the index, of total, after the commit. */
    void (*index_progress)(void *arg, int64_t done, int64_t total);
    void *progress_arg;
};

struct import_error {
    int64_t row;
    const char *column, *field, *msg_zh, *msg_en;
};

struct import_dup {
    int64_t row;
    const char *match;
    int64_t id;
    const char *code, *owner_name;
    bool in_file; /* duplicates an earlier row of the same file */
    int64_t first_row;
};

struct import_column {
    int index;
    const char *header;
    const char *field; /* NULL: ignored */
};

struct import_sample {
    int64_t row;
    const char *const *fields;
    const char *const *values;
    int n;
};

/*
 * A distinct value of a choice column in the file (a preview collects them):
 * how often it occurs, the allowed value it stands for (NULL: none, the rows
 * are refused) and why: "exact" (a value or its label, ignoring case, spaces
 * and full-width forms), "synonym" (a built-in synonym), "mapping" (the
 * user's value mapping).
 */
struct import_choice_value {
    const char *text;
    int64_t count;
    const char *to;
    const char *how;
    uint64_t hash;
};
#define IMPORT_CHOICE_VALUES_CAP 200
struct custom_field;
struct import_choice_column {
    int index;
    const char *header, *field;
    int set;                           /* KH_CHOICE_*, or -1 for a custom field */
    const struct custom_field *custom; /* a custom field of type choice or multi_choice */
    bool multi;                        /* multi_choice: each item of a cell is a value */
    struct import_choice_value *values;
    int nvalues;
    bool more; /* more distinct values than IMPORT_CHOICE_VALUES_CAP */
};

/* The outcome, in the run's arena. Lists are capped at IMPORT_LIST_CAP. */
#define IMPORT_LIST_CAP 1000
struct import_result {
    const char *format, *encoding;
    int64_t header_row;
    struct import_column *columns;
    int ncolumns;
    int64_t rows, valid, invalid, duplicates;
    int64_t created, updated, skipped, rejected;
    bool imported;
    /*
     * After an import: whether every customer it stored is in the search
     * index (false: documents still wait, see no_wait), and the time its
     * catch-up took.
     */
    bool search_ready;
    int64_t committed_us, index_us;
    struct import_error *errors;
    int nerrors;
    struct import_dup *dups;
    int ndups;
    struct import_sample *samples;
    int nsamples;
    struct import_choice_column *choices; /* dry runs: the choice columns' values */
    int nchoices;
    bool truncated;
    const char *error_file; /* xlsx of the bad rows: its name in ctx->files, or NULL */
};

/* Importable fields, for the UI and the API. */
struct import_field_info {
    const char *field, *zh, *en;
    const char *const *headers;
    int nheaders;
    bool required;
};
KH_NODISCARD enum kh_status import_fields(const struct kh_ctx *ctx, struct import_field_info **out,
                                          int *count, struct kh_err *err);

/*
 * Run an import (or a dry run) as ctx's actor. run may be NULL (no progress
 * reporting); the error file goes to ctx->files (none without a store).
 * Needs customer.create.
 */
KH_NODISCARD enum kh_status import_run(const struct kh_ctx *ctx, const struct import_options *opt,
                                       struct job_run *run, struct import_result *out,
                                       struct kh_err *err);
/*
 * After an import's commit (import_run calls it): unless opt->no_wait, put
 * the waiting search documents into the index (the job's "indexing" phase,
 * opt->index_progress) and set res->search_ready, committed_us (the monotonic
 * time of the commit) and index_us. A failure is logged: the server's job
 * takes what is left.
 */
void import_search_catch_up(const struct kh_ctx *ctx, const struct import_options *opt,
                            struct job_run *run, struct import_result *res);

/*
 * Start an import or preview of an upload as a background job (inline in
 * the CLI). opt->file/name come from the upload; everything is copied.
 */
KH_NODISCARD enum kh_status import_start(const struct kh_ctx *ctx, const struct import_options *opt,
                                         int64_t *job_id, struct kh_err *err);

/* ---- uploads and saved mappings ---- */

/*
 * Whether the acting user may upload a file of declared bytes (0: size not
 * known yet), asked before a byte of it is read: *limit gets the most the
 * upload may take (what is left of the user's quota and of the disk above
 * its reserve, files_room). KH_E_FORBIDDEN without the right to import;
 * KH_E_NO_SPACE (field "file") when the quota or the reserve would be
 * passed, naming which.
 */
KH_NODISCARD enum kh_status import_upload_room(const struct kh_ctx *ctx, uint64_t declared,
                                               uint64_t *limit, struct kh_err *err);
/*
 * Keep an uploaded file for the acting user: upload is a writer of
 * ctx->files holding the body, which this takes (committed, or dropped on
 * any failure); name is the user's file name, shown only. *id_out is the
 * handle the preview and import take.
 */
KH_NODISCARD enum kh_status import_upload_keep(const struct kh_ctx *ctx, struct file_writer *upload,
                                               const char *name, char *id_out, size_t cap,
                                               struct kh_err *err);
/*
 * The stored file and the name of an upload of the acting user, kept less
 * than upload_keep_hours ago (NOT_FOUND otherwise, field "file_id").
 */
KH_NODISCARD enum kh_status import_upload_find(const struct kh_ctx *ctx, const char *id,
                                               const char **file, const char **name,
                                               struct kh_err *err);

struct import_saved_mapping {
    int64_t id;
    const char *name;
    struct import_map *entries;
    int n;
    struct import_value_map *values;
    int nvalues;
};
KH_NODISCARD enum kh_status import_mappings(const struct kh_ctx *ctx,
                                            struct import_saved_mapping **out, int *count,
                                            struct kh_err *err);
/*
 * Save (or replace) the acting user's mapping called name: its columns and
 * the value mapping of its choice columns (checked as import_values_check).
 */
KH_NODISCARD enum kh_status import_mapping_save(const struct kh_ctx *ctx, const char *name,
                                                const struct import_map *entries, int n,
                                                const struct import_value_map *values, int nvalues,
                                                int64_t *id_out, struct kh_err *err);
/*
 * Check a value mapping: every field is a choice field of the import (or a
 * custom field of type choice, "custom.education"), every target an allowed
 * value (an option) of it or "". VALIDATION names the entry
 * ("values.source.网络").
 */
KH_NODISCARD enum kh_status import_values_check(const struct kh_ctx *ctx,
                                                const struct import_value_map *values, int n,
                                                struct kh_err *err);

/* ---- shared with other capabilities' imports (interactions: followup/interaction_import.c) ----
 */

struct arena;
struct file_store;
/*
 * A date as a sheet writes it ("2026-01-05", "2026/1/5", "2026.01.05", "20260105", "2026年1月5日",
 * an Excel serial number) as YYYY-MM-DD in a; any other text comes back as it is (the validator
 * names it).
 */
const char *import_date(struct arena *a, const char *text);
/* Whether a sheet's header names name: ASCII case-insensitive, ignoring spaces, '*' and '：'. */
bool import_header_eq(const char *header, const char *name);
/* A yes/no cell (是/否, 有/无, yes/no, true/false, 1/0, √/×) into *out; false: neither. */
bool import_bool(const char *text, bool *out);
/*
 * An amount in yuan as a sheet writes it ("1,280.50", "¥99", "99 元", "１２０")
 * into *fen, exactly (no floating point); false for anything else, a
 * negative amount, more than two decimals or more than max_fen.
 */
bool import_money_fen(const char *text, int64_t max_fen, int64_t *fen);
/* A list cell ("a、b,c；d") as trimmed, non-empty items (in a). */
void import_split_list(struct arena *a, const char *text, const char ***items, int *n);

/*
 * The error file of an import: a sheet with the row number, the reason and
 * the row's cells under the file's headers (xlsx, in the importer's language).
 */
struct import_errfile;
KH_NODISCARD enum kh_status import_errfile_open(struct file_store *fs, bool english,
                                                const char *const *headers, int nheaders,
                                                struct import_errfile **out, struct kh_err *err);
void import_errfile_row(struct import_errfile *f, int64_t row, const char *reason,
                        const char *const *cells, int ncells);
/*
 * Close the file (NULL is fine). With keep, store it and return its name in
 * the store (copied into a); otherwise, or when it cannot be written, drop
 * it and return NULL.
 */
const char *import_errfile_finish(struct import_errfile *f, bool keep, struct arena *a);

/* ---- a table import: one kind of record per row (interactions, products ...) ---- */

/*
 * Another capability's import of a CSV or .xlsx upload (POST
 * /api/v1/imports/files) as a background job, with a preview (dry run) and
 * an error file: the capability describes its columns and checks and
 * writes one row (struct table_import); table_import_run does the rest the
 * same way for each — the header, blank rows, the row cap, a row arena,
 * the refusals' column and reason, progress, the audit entry of a
 * committed run and the job's summary {format, rows, valid, invalid,
 * skipped, created, updated, imported, errors[]}.
 */
struct sheet_row;
struct job_kind;
struct job_run;

/* A column: the field its refusals name, and the headers that mean it (import_header_eq). */
struct table_column {
    const char *field;
    const char *headers[7];
};

/* A row as the capability's row function sees it. */
struct table_row {
    const struct sheet_row *cells;
    const int *at; /* the file's column of each table column, -1: absent */
};
/* The trimmed text of table column c of row ("" when the file has no such column), in a. */
const char *table_cell(struct arena *a, const struct table_row *row, int c);

enum table_outcome { TABLE_CREATED, TABLE_UPDATED, TABLE_SKIPPED };

#define TABLE_IMPORT_ERRORS 200 /* refusals listed in the summary (all are in the error file) */

struct table_import {
    const struct job_kind *kind, *preview_kind; /* their fn calls table_import_run */
    const char *audit_action;                   /* a committed run's entry ("product.import") */
    const struct kh_perm *perm; /* the right to import (and so to upload a file for it) */
    const struct table_column *columns;
    int ncolumns;
    const int *required; /* columns the header must have, -1 ends the list (NULL: none) */
    /* Further header checks (VALIDATION, field "file"); NULL: none. */
    enum kh_status (*header_check)(const int *at, struct kh_err *err);
    int max_rows;
    const char *noun_zh, *noun_en; /* "跟进记录", "interactions": the row cap's message */
    const char *errfile_name;      /* the error file's download name */
    const char *default_field;     /* a refusal that names no field names this one */
    /* The table column a refusal of field points at in row, -1: that field's own; may be NULL. */
    int (*column_of)(const struct table_row *row, const char *field);
    /*
     * One row, checked as the form checks it and, unless dry_run, written;
     * *out what became of it. VALIDATION, NOT_FOUND or FORBIDDEN: the row is
     * refused (err names the field, its reason goes to the error file); any
     * other error stops the run.
     */
    enum kh_status (*row)(const struct kh_ctx *ctx, const struct table_row *row, bool dry_run,
                          enum table_outcome *out, struct kh_err *err);
};

/* The job: run the import (or preview) its parameters name. */
KH_NODISCARD enum kh_status table_import_run(struct job_run *run, const struct table_import *t,
                                             struct kh_err *err);
/*
 * Start an import (or preview) of upload file_id of the acting user as
 * t's job (the caller has checked the right to import). VALIDATION field
 * "file_id" when there is no such upload (or it expired).
 */
KH_NODISCARD enum kh_status table_import_start(const struct kh_ctx *ctx,
                                               const struct table_import *t, const char *file_id,
                                               bool dry_run, bool english, int64_t *job_id,
                                               struct kh_err *err);

/* The source of an import as a sheet: the upload opt->file of ctx->files, or the file opt->path. */
KH_NODISCARD enum kh_status import_sheet_open(const struct kh_ctx *ctx,
                                              const struct import_options *opt, struct sheet **out,
                                              struct kh_err *err);

#endif
