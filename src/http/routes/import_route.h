#ifndef KH_HTTP_ROUTES_IMPORT_ROUTE_H
#define KH_HTTP_ROUTES_IMPORT_ROUTE_H

/* The route of a capability's sheet import (import/import.h), shared by their route files. */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct http_req;

/* A capability's start of its import: interaction_import_start, product_import_start ... */
typedef enum kh_status table_import_start_fn(const struct kh_ctx *ctx, const char *file_id,
                                             bool dry_run, bool english, int64_t *job_id,
                                             struct kh_err *err);

/* POST …/imports {file_id, dry_run}: 202 {job_id}, or the refusal. */
void import_route_table(struct http_req *r, table_import_start_fn *start);

#endif
