#ifndef KH_FOLLOWUP_INTERACTION_IMPORT_H
#define KH_FOLLOWUP_INTERACTION_IMPORT_H

/*
 * Importing interactions 跟进记录导入 (R-INT-1) from a CSV or .xlsx file
 * uploaded like a customer import's (POST /api/v1/imports/files): one row
 * per interaction, the customer by its code (or by its name when only one
 * customer the importer sees has it), the time, the channel, the summary,
 * and optionally the direction, outcome, next step and its date, our
 * participants (usernames or names) and the customer's contacts (names).
 * Each row is checked as the form checks it (interaction_log) under the
 * importer's scope; a preview checks every row and writes nothing; an
 * import logs the valid rows one by one (each with its next-step task and
 * the follow-up task it completes) and lists the others in an error file.
 * A row already logged (same customer, time, channel and summary) is
 * skipped, so importing a file again adds nothing.
 */

#include <stdbool.h>

#include "app/ctx.h"
#include "core/err.h"

struct job_kind;

extern const struct job_kind interaction_import_kind;
extern const struct job_kind interaction_import_preview_kind;
struct table_import;
extern const struct table_import interaction_import_table; /* registered: uploads for it */

/* At most this many rows in one file. */
#define INTERACTION_IMPORT_MAX_ROWS 100000

/* Start an import (or its preview) of upload file_id as a background job. */
KH_NODISCARD enum kh_status interaction_import_start(const struct kh_ctx *ctx, const char *file_id,
                                                     bool dry_run, bool english, int64_t *job_id,
                                                     struct kh_err *err);

#endif
