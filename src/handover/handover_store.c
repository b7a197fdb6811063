#include "handover/handover_store.h"

#include "audit/audit_store.h"
#include "core/buf.h"
#include "db/db.h"

struct run_job {
    const struct kh_ctx *ctx;
    int64_t from;
    struct handover_moved *moved;
    int n;
    const char *reason;
};

static enum kh_status run_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct run_job *j = arg;
    enum kh_status st = KH_OK;
    struct buf detail;
    buf_init(&detail, 200);
    for (int i = 0; i < j->n && !st; i++) {
        struct handover_moved *m = &j->moved[i];
        st = m->kind->hand_over(c, j->ctx, j->from, m->to, j->reason, &m->count, err);
        buf_printf(&detail, "%s=%lld>%lld ", m->kind->name, (long long)m->count, (long long)m->to);
    }
    buf_printf(&detail, "reason=%s", j->reason);
    struct audit_event ev = {"user.handover", "user", j->from, buf_cstr(&detail)};
    if (!st)
        st = audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    buf_release(&detail);
    return st;
}

enum kh_status handover_store_run(const struct kh_ctx *ctx, int64_t from,
                                  struct handover_moved *moved, int n, const char *reason,
                                  struct kh_err *err)
{
    struct run_job j = {ctx, from, moved, n, reason};
    return db_write(ctx->db, run_fn, &j, err);
}
