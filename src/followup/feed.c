/* Private calendar subscriptions: a user's open tasks as iCalendar (RFC 5545). */
#include "followup/feed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "app/list.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/contentline.h"
#include "core/tz.h"
#include "crypto/crypto.h"
#include "followup/feed_store.h"
#include "followup/interaction.h"
#include "followup/task.h"

#define FEED_PAST_DAYS 30
#define FEED_AHEAD_DAYS 180
#define FEED_MAX_EVENTS 2000

enum kh_status feed_status(const struct kh_ctx *ctx, struct feed_status *out, struct kh_err *err)
{
    return feed_store_status(ctx, ctx->actor.user_id, out, err);
}

static enum kh_status need_user(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx->actor.user_id && ctx_can(ctx, &interaction_perm_log)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "只有有待办的用户可以订阅日历",
                            "only users with tasks subscribe to a calendar");
}

enum kh_status feed_create(const struct kh_ctx *ctx, char *token, size_t cap, struct kh_err *err)
{
    enum kh_status st = need_user(ctx, err);
    if (st)
        return st;
    crypto_random_token("kcal_", token, cap);
    char hash[KH_HASH_HEX];
    crypto_hash_hex(token, strlen(token), hash);
    return feed_store_put(ctx, hash, err);
}

enum kh_status feed_revoke(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx->actor.user_id ? feed_store_delete(ctx, err)
                              : kh_err_set(err, KH_E_FORBIDDEN, "", "请先登录", "sign in first");
}

enum kh_status feed_resolve(const struct kh_ctx *ctx, const char *token, struct kh_actor *actor,
                            struct kh_err *err)
{
    int64_t user_id = 0;
    enum kh_status st = KH_OK;
    if (token && !strncmp(token, "kcal_", 5) && strlen(token) < 100) {
        char hash[KH_HASH_HEX];
        crypto_hash_hex(token, strlen(token), hash);
        st = feed_store_resolve(ctx, hash, &user_id, err);
    }
    if (!st && !user_id)
        st = kh_err_set(err, KH_E_NOT_FOUND, "token", "日历订阅地址无效或已停用",
                        "the calendar address is unknown or was revoked");
    return st ? st : account_actor_load(ctx, user_id, actor, err);
}

/* ---- iCalendar text ---- */

/* A UTC date-time, 20260604T100000Z. */
static void put_time(struct buf *out, const char *name, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof(s), "%Y%m%dT%H%M%SZ", &tm);
    buf_printf(out, "%s:%s\r\n", name, s);
}

static void put_event(const struct kh_ctx *ctx, struct buf *out, const struct task *t,
                      const char *url_base, int64_t now)
{
    struct arena *a = ctx->arena;
    buf_puts(out, "BEGIN:VEVENT\r\n");
    buf_printf(out, "UID:kehu-task-%lld@kehu\r\n", (long long)t->id);
    put_time(out, "DTSTAMP", now);
    put_time(out, "DTSTART", t->due_at);
    buf_puts(out, "DURATION:PT30M\r\n");
    contentline_put(
        out, "SUMMARY",
        arena_printf(a, "%s%s · %s", t->overdue ? "[逾期] " : "", t->title, t->customer_name));
    const char *link = arena_printf(a, "%s/tasks?id=%lld", url_base, (long long)t->id);
    contentline_put(out, "DESCRIPTION",
                    arena_printf(a, "%s%s客户 Customer: %s %s\n%s", t->purpose,
                                 *t->purpose ? "\n" : "", t->customer_code, t->customer_name,
                                 link));
    if (*url_base)
        contentline_put(out, "URL", link);
    contentline_put(out, "CATEGORIES", t->kind);
    buf_puts(out, "STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n");
}

enum kh_status feed_ics(const struct kh_ctx *ctx, const char *url_base, struct buf *out,
                        int *events, struct kh_err *err)
{
    *events = 0;
    enum kh_status st = need_user(ctx, err);
    if (st)
        return st;
    int64_t now = ctx_now(ctx);
    struct task_filter f = {.state = "open",
                            .due_from = now - FEED_PAST_DAYS * 86400,
                            .due_to = now + FEED_AHEAD_DAYS * 86400};
    buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kehu//Kehu CRM//ZH\r\n"
                  "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    contentline_put(out, "X-WR-CALNAME",
                    arena_printf(ctx->arena, "Kehu 待办 · %s", ctx->actor.name));
    contentline_put(out, "X-WR-TIMEZONE", tz_name(ctx_tz(ctx)));
    buf_puts(out, "REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\nX-PUBLISHED-TTL:PT30M\r\n");
    struct list_page pg = {.limit = 200};
    while (!st && *events < FEED_MAX_EVENTS) {
        struct task *items = NULL;
        int n = 0;
        const char *next = NULL;
        if ((st = task_list(ctx, &f, &pg, &items, &n, &next, err)))
            break;
        for (int i = 0; i < n; i++, (*events)++)
            put_event(ctx, out, &items[i], url_base, now);
        if (!next)
            break;
        pg.cursor = next;
    }
    if (st)
        return st;
    buf_puts(out, "END:VCALENDAR\r\n");
    struct audit_event ev = {"calendar.feed", "user", ctx->actor.user_id,
                             arena_printf(ctx->arena, "events=%d", *events)};
    return audit_record_read(ctx, &ev, err);
}
