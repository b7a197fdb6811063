#ifndef KH_EXPORT_EXPORT_JSON_H
#define KH_EXPORT_EXPORT_JSON_H

/* jansson <-> struct codec of the export capability: a job's parameters. */

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "audit/audit.h"
#include "loan/loan.h"
#include "export/export.h"

/* An export request (or one customer's file when customer_id > 0) as JSON text (malloc'ed). */
char *export_json_params(const struct export_request *req, int64_t customer_id);
/* Parameters back (strings in a); false when text is not what export_json_params made. */
bool export_json_params_decode(struct arena *a, const char *text, struct export_request *req,
                               int64_t *customer_id);
/* A lending register export's filter and language as JSON text (malloc'ed), and back. */
char *export_json_loans(const struct loan_filter *f, bool english);
bool export_json_loans_decode(struct arena *a, const char *text, struct loan_filter *f,
                              bool *english);
/* An audit export's filter and language as JSON text (malloc'ed), and back (strings in a). */
char *export_json_audit(const struct audit_filter *f, bool english);
bool export_json_audit_decode(struct arena *a, const char *text, struct audit_filter *f,
                              bool *english);

/* A failed GBK export's summary:
 * {"rows":0,"encoding":"gbk","unencodable_count":N,"unencodable":[…]}. */
char *export_json_bad_cells(const struct export_bad_cell *cells, int n, int64_t count);

#endif
