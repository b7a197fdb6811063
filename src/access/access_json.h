#ifndef KH_ACCESS_ACCESS_JSON_H
#define KH_ACCESS_ACCESS_JSON_H

/* The subject of an access request, as asked and as kept. */

#include <stdbool.h>
#include <stdint.h>

#include "access/access.h"
#include "core/arena.h"

struct access_subject {
    /* As asked: ids and/or codes; as kept: ids with their codes, same order. */
    int64_t ids[ACCESS_MAX_RECORDS];
    const char *codes[ACCESS_MAX_RECORDS];
    int nids, ncodes;
    int64_t days;
    bool days_set;       /* days was given */
    int64_t for_user_id; /* a visitor the reads are for (R-SEC-4); 0: the requester */
};

/* Read a subject; KH_E_VALIDATION naming "subject.<key>" for a value of the wrong type. */
KH_NODISCARD enum kh_status access_json_subject_read(struct arena *a, const char *text,
                                                     struct access_subject *out,
                                                     struct kh_err *err);
/* The subject as kept: {"customer_ids":[…],"codes":[…],"days":N,"for_user_id":V}, in a. */
const char *access_json_subject_write(struct arena *a, const struct access_subject *s);

#endif
