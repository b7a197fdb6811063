/* Backups (administrator): list, start one now, settings, download, restore. */
#include "backup/backup.h"
#include "app/registry.h"
#include "http/http.h"
#include "jobs/jobs.h"

#include <string.h>

static json_t *settings_json(const struct backup_settings *s)
{
    return json_pack("{s:s, s:i, s:i}", "dir", s->dir, "retention", s->retention, "hour", s->hour);
}

static void get_backups(struct http_req *r)
{
    struct backup_settings s;
    struct backup_file *files = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, backup_list(&r->ctx, &s, &files, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:I, s:o, s:s?}", "name", files[i].name, "size",
                                           (json_int_t)files[i].size, "created_at",
                                           http_json_time(r, files[i].created_at), "sha256",
                                           files[i].sha256[0] ? files[i].sha256 : NULL));
    json_t *o = settings_json(&s);
    json_object_set_new(o, "items", a);
    http_reply_json(r, 200, o);
}

static void post_backup(struct http_req *r)
{
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, backup_start(&r->ctx, &id, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
}

static void put_settings(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *dir = NULL;
    int64_t retention = -1, hour = -1;
    if (!o || !http_get_str(r, o, "dir", &dir) || !http_get_int(r, o, "retention", &retention) ||
        !http_get_int(r, o, "hour", &hour))
        return;
    struct backup_settings s;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, backup_settings_put(&r->ctx, dir, retention, hour, &s, &err), &err))
        http_reply_json(r, 200, settings_json(&s));
}

static void get_backup_file(struct http_req *r)
{
    int fd = -1;
    int64_t size = 0;
    struct kh_err err;
    kh_err_clear(&err);
    const char *name = r->nparams > 0 ? r->params[0] : NULL;
    if (http_reply_status(r, backup_open(&r->ctx, name, &fd, &size, &err), &err))
        http_reply_fd(r, fd, size, name, "application/vnd.sqlite3");
}

/*
 * Restore: the body names the backup again ({"confirm": name}) so that no
 * stray request replaces the database. Answered before the server restarts
 * itself to swap the backup in; every session ends with the restart.
 */
static void post_restore(struct http_req *r)
{
    const char *name = r->nparams > 0 ? r->params[0] : NULL;
    json_t *o = http_body_object(r);
    const char *confirm = NULL;
    if (!o || !http_get_str(r, o, "confirm", &confirm))
        return;
    if (!confirm || !name || strcmp(confirm, name) != 0) {
        http_reply_error(r, 422, "validation", "confirm", "请再次填写要恢复的备份名称以确认",
                         "confirm by giving the name of the backup to restore again");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, backup_restore_request(&r->ctx, name, &err), &err))
        return;
    http_restart_after_reply(r);
    http_reply_json(r, 202, json_pack("{s:s, s:b}", "restoring", name, "restart", 1));
}

static const struct route backup_routes[] = {
    {"GET", "/api/v1/backups", get_backups, 0},
    {"POST", "/api/v1/backups", post_backup, 0},
    {"PUT", "/api/v1/backups/settings", put_settings, 0},
    {"GET", "/api/v1/backups/:name/file", get_backup_file, 0},
    {"POST", "/api/v1/backups/:name/restore", post_restore, 0},
    {0},
};

const struct capability backups_capability = {
    .name = "backups",
    .label_zh = "备份",
    .label_en = "Backups",
    .routes = {backup_routes},
    .job_kinds = (const struct job_kind *const[]){&backup_job_kind, NULL},
    .tasks = (const struct job_task *const[]){&backup_daily_task, NULL},
    .audit_actions = backup_audit_actions,
};
