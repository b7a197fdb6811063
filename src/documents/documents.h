#ifndef KH_DOCUMENTS_DOCUMENTS_H
#define KH_DOCUMENTS_DOCUMENTS_H

/*
 * Documents: files attached to a record — an interaction's attachments now
 * (R-INT-1); a customer's, an opportunity's or a contract's later (R-ARC-6).
 * A capability registers the kinds of record it lets files be attached to
 * (struct capability .document_kinds) with the one question this module
 * asks: may the actor read (or change) record N, and whose customer is it?
 * Everything else is here, once: the upload (streamed into the file store,
 * at most document_max_mb, its type checked by its content and agreeing
 * with its name's extension), the list, the download (audited as a read of
 * the customer, part=documents), the delete, the hourly purge of deleted
 * files, and what a merge (R-ARC-8) or a destruction (R-SEC-7) does to them.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/registry.h"
#include "core/err.h"

struct customer_ref_kind;
struct file_writer;
struct job_kind;
struct job_task;

struct document_kind {
    const char *name; /* "interaction" */
    /*
     * Whether the actor may read record id (write: attach and delete files),
     * and its customer: NOT_FOUND when it does not exist or is not theirs to
     * see, FORBIDDEN when it is read-only for them.
     */
    enum kh_status (*owner)(const struct kh_ctx *ctx, int64_t id, bool write, int64_t *customer_id,
                            struct kh_err *err);
};

extern const struct kh_setting documents_setting_max_mb;
extern const struct kh_audit_action documents_audit_actions[];
extern const struct customer_ref_kind documents_customer_ref;
extern const struct job_kind documents_purge_kind;
extern const struct job_task documents_purge_task;

struct document {
    int64_t id;
    const char *kind;
    int64_t owner_id, customer_id;
    const char *name, *content_type;
    int64_t size;
    int64_t uploaded_by;
    const char *uploaded_by_name;
    int64_t uploaded_at;
    const char *file; /* the name in the file store (never shown) */
};

/* Before the body: may the actor attach declared bytes to kind/owner_id? *limit: the most taken. */
KH_NODISCARD enum kh_status documents_upload_room(const struct kh_ctx *ctx, const char *kind,
                                                  int64_t owner_id, uint64_t declared,
                                                  uint64_t *limit, struct kh_err *err);
/*
 * Keep an upload (taken, committed or dropped) as the document name of
 * kind/owner_id; KH_E_VALIDATION "name" for a name without a known
 * extension, "file" for content that is not what the extension says.
 */
KH_NODISCARD enum kh_status documents_add(const struct kh_ctx *ctx, const char *kind,
                                          int64_t owner_id, const char *name,
                                          struct file_writer *upload, struct document *out,
                                          struct kh_err *err);
/* The documents of kind/owner_id, oldest first (at most 200). */
KH_NODISCARD enum kh_status documents_list(const struct kh_ctx *ctx, const char *kind,
                                           int64_t owner_id, struct document **out, int *count,
                                           struct kh_err *err);
/* How many documents each of records ids[0 .. n) of kind has (for lists; no check: listed ones). */
KH_NODISCARD enum kh_status documents_counts(const struct kh_ctx *ctx, const char *kind,
                                             const int64_t *ids, int n, int *counts,
                                             struct kh_err *err);
/* Document id to download, its read audited; NOT_FOUND as for a record not seen. */
KH_NODISCARD enum kh_status documents_open(const struct kh_ctx *ctx, int64_t id,
                                           struct document *out, struct kh_err *err);
KH_NODISCARD enum kh_status documents_delete(const struct kh_ctx *ctx, int64_t id,
                                             struct kh_err *err);

/* The content type of a file's first bytes for its extension, or NULL when they disagree. */
const char *documents_sniff(const char *ext, const unsigned char *head, size_t n);

#endif
