#ifndef KH_RETENTION_RETENTION_JSON_H
#define KH_RETENTION_RETENTION_JSON_H

/* The subject of a destruction request: {"customer_ids":[…],"codes":[…]}. */

#include "core/arena.h"
#include "core/err.h"
#include "retention/retention.h"

struct destroy_subject {
    int64_t ids[RETENTION_MAX_RECORDS];
    const char *codes[RETENTION_MAX_RECORDS];
    int nids, ncodes;
};

/* KH_E_VALIDATION naming "subject" or "subject.customer_ids". */
KH_NODISCARD enum kh_status retention_json_subject_read(struct arena *a, const char *text,
                                                        struct destroy_subject *out,
                                                        struct kh_err *err);
const char *retention_json_subject_write(struct arena *a, const struct destroy_subject *s);

#endif
