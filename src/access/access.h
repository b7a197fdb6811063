#ifndef KH_ACCESS_ACCESS_H
#define KH_ACCESS_ACCESS_H

/*
 * Access requests 查阅申请 (R-SEC-3): a user asks to read named customers
 * they may not see, with a purpose and a reason; the requester's department
 * head endorses, customer service approves (top secret: also the CS
 * manager), and the approval grants time-boxed reads (customer/customer.h,
 * read grants), each read audited against the request.
 */

#include "app/ctx.h"
#include "app/list.h"
#include "approval/approval.h"
#include "core/err.h"

/* At most this many records in one request. */
#define ACCESS_MAX_RECORDS 50

extern const struct approval_kind access_approval_read;
extern const struct kh_setting access_setting_max_days;
extern const struct kh_setting *const access_settings[];

#endif
