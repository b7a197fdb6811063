/*
 * Uploaded files (kept in the file store under names it makes; the user's
 * file name is only shown), their expiry, and saved column mappings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "core/log.h"
#include "core/str.h"
#include "customer/customer.h"
#include "core/utf8.h"
#include "crypto/crypto.h"
#include "files/files.h"
#include "import/import_internal.h"
#include "import/import_json.h"
#include "import/import_store.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

#define UPLOAD_KEEP_HOURS 24

const struct kh_setting import_setting_upload_keep_hours = {"upload_keep_hours",
                                                            UPLOAD_KEEP_HOURS,
                                                            1,
                                                            720,
                                                            "小时",
                                                            "hours",
                                                            "上传的导入文件保留时长",
                                                            "Keep uploaded import files for"};
const struct kh_setting import_setting_upload_quota_mb = {
    "upload_quota_mb",      1024, 1, 1048576, "MB", "MB", "每个用户的上传文件配额",
    "Upload quota per user"};
/* Expired uploads forgotten per write of the expiry job. */
#define EXPIRE_BATCH 200

static bool name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= 200 && utf8_valid(s, n) && !strchr(s, '/');
}

/* The oldest time an upload still in use was made at. */
static enum kh_status upload_cutoff(const struct kh_ctx *ctx, int64_t *cutoff, struct kh_err *err)
{
    int64_t hours = 0;
    enum kh_status st = settings_int(ctx, &import_setting_upload_keep_hours, &hours, err);
    *cutoff = ctx_now(ctx) - hours * 3600;
    return st;
}

/* Customers' import, or any table import a capability registers (app/registry.h). */
static bool may_upload(const struct kh_ctx *ctx)
{
    if (ctx_can(ctx, &customer_perm_create))
        return true;
    size_t n = 0;
    const struct table_import *const *t = registry_table_imports(&n);
    for (size_t i = 0; i < n; i++)
        if (ctx_can(ctx, t[i]->perm))
            return true;
    return false;
}

static enum kh_status not_allowed(struct kh_err *err)
{
    return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入的权限", "not allowed to import");
}

enum kh_status import_upload_room(const struct kh_ctx *ctx, uint64_t declared, uint64_t *limit,
                                  struct kh_err *err)
{
    *limit = 0;
    if (!may_upload(ctx))
        return not_allowed(err);
    int64_t quota_mb = 0, used = 0;
    enum kh_status st = settings_int(ctx, &import_setting_upload_quota_mb, &quota_mb, err);
    if (!st)
        st = import_store_uploads_size(ctx, &used, err);
    if (st)
        return st;
    uint64_t quota = (uint64_t)quota_mb << 20,
             left = quota > (uint64_t)used ? quota - (uint64_t)used : 0;
    long long used_mb = (long long)(((uint64_t)used + (1 << 20) - 1) >> 20); /* rounded up */
    if (left == 0 || left < declared)
        return kh_err_setf(err, KH_E_NO_SPACE, "file",
                           "上传配额已满：已保存 %lld MB，配额 %lld MB；旧的上传文件过期后会删除",
                           "upload quota reached: %lld MB stored of %lld MB; older uploads are "
                           "deleted when they expire",
                           used_mb, (long long)quota_mb, used_mb, (long long)quota_mb);
    uint64_t room = 0;
    st = files_room(ctx, declared, &room, err);
    if (!st)
        *limit = room < left ? room : left;
    return st;
}

enum kh_status import_upload_keep(const struct kh_ctx *ctx, struct file_writer *upload,
                                  const char *name, char *id_out, size_t cap, struct kh_err *err)
{
    id_out[0] = '\0';
    if (!may_upload(ctx)) {
        files_abort(upload);
        return not_allowed(err);
    }
    if (!name_ok(name)) {
        files_abort(upload);
        return kh_err_set(err, KH_E_VALIDATION, "name", "请提供文件名（200字以内）",
                          "give the file's name (at most 200 characters)");
    }
    char file[FILES_NAME_MAX];
    int64_t size = 0;
    enum kh_status st = files_commit(upload, "upload-", "", file, &size, err);
    if (st)
        return kh_err_wrap(err, st, "", "保存上传文件失败：", "cannot keep the upload: ");
    char id[64];
    crypto_random_token("u_", id, sizeof(id));
    st = import_store_upload_add(ctx, id, name, file, size, err);
    if (st) {
        struct kh_err e2;
        KH_IGNORE(files_delete(ctx->files, file, &e2));
        return st;
    }
    snprintf(id_out, cap, "%s", id);
    return KH_OK;
}

enum kh_status import_upload_find(const struct kh_ctx *ctx, const char *id, const char **file,
                                  const char **name, struct kh_err *err)
{
    if (!id || !*id || strlen(id) > 80)
        return kh_err_set(err, KH_E_VALIDATION, "file_id", "请先上传文件", "upload a file first");
    int64_t cutoff = 0;
    enum kh_status st = upload_cutoff(ctx, &cutoff, err);
    return st ? st : import_store_upload_get(ctx, id, cutoff, file, name, err);
}

enum kh_status import_sheet_open(const struct kh_ctx *ctx, const struct import_options *opt,
                                 struct sheet **out, struct kh_err *err)
{
    *out = NULL;
    if (!opt->file || !*opt->file)
        return sheet_open(opt->path, opt->format, opt->encoding, out, err);
    int fd = -1;
    int64_t size = 0;
    enum kh_status st =
        ctx->files ? files_open(ctx->files, opt->file, &fd, &size, err)
                   : kh_err_set(err, KH_E_NOT_FOUND, "file", "文件不存在", "file not found");
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_NOT_FOUND, "file_id", "上传的文件不存在或已过期",
                          "no such upload (or it expired)");
    return st ? st : sheet_open_fd(fd, opt->format, opt->encoding, out, err);
}

/* ---- expiry ---- */

/* Delete the files of expired uploads, then forget them: a crash in between leaves no orphan. */
static enum kh_status expire_batch(const struct kh_ctx *ctx, int64_t before, int *n,
                                   struct kh_err *err)
{
    const char **ids = NULL, **files = NULL;
    enum kh_status st =
        import_store_uploads_expired(ctx, before, EXPIRE_BATCH, &ids, &files, n, err);
    for (int i = 0; i < *n && !st && ctx->files; i++) {
        st = files_delete(ctx->files, files[i], err);
        if (st == KH_E_INVALID) /* not a name this store could hold: nothing to delete */
            st = KH_OK;
    }
    if (!st && *n)
        st = import_store_uploads_forget(ctx, ids, *n, err);
    return st;
}

static enum kh_status run_uploads_expire(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t before = 0, removed = 0;
    enum kh_status st = upload_cutoff(ctx, &before, err);
    for (int n = EXPIRE_BATCH; !st && n == EXPIRE_BATCH;) {
        st = expire_batch(ctx, before, &n, err);
        removed += st ? 0 : n;
    }
    if (st)
        return st;
    if (removed)
        log_info("msg=\"expired uploads deleted\" count=%lld", (long long)removed);
    const char *summary = arena_printf(ctx->arena, "{\"removed\":%lld}", (long long)removed);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* Deleting what is expired twice deletes nothing more: a second run is harmless. */
const struct job_kind import_uploads_expire_kind = {
    "uploads_expire", "清理过期上传", "Expired uploads cleanup", run_uploads_expire, 2};

/* Every hour at half past (for ten minutes): not at the full hour, when daily tasks start. */
static bool uploads_expire_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    (void)ctx;
    return job_hourly_due(now, 30, 600, period, cap);
}

const struct job_task import_uploads_expire_task = {
    "imports.uploads_expire", "清理过期上传文件", "Delete expired uploads",
    &import_uploads_expire_kind, uploads_expire_due};

enum kh_status import_mappings(const struct kh_ctx *ctx, struct import_saved_mapping **out,
                               int *count, struct kh_err *err)
{
    int64_t *ids = NULL;
    const char **names = NULL, **json = NULL, **values = NULL;
    int n = 0;
    enum kh_status st = import_store_mappings(ctx, &ids, &names, &json, &values, &n, err);
    if (st)
        return st;
    struct import_saved_mapping *list = arena_alloc(ctx->arena, sizeof(*list) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        list[k] = (struct import_saved_mapping){ids[i], names[i], NULL, 0, NULL, 0};
        if (import_json_mapping_decode(ctx->arena, json[i], &list[k].entries, &list[k].n) &&
            import_json_values_decode(ctx->arena, values[i], &list[k].values, &list[k].nvalues))
            k++;
    }
    *out = list;
    *count = k;
    return KH_OK;
}

enum kh_status import_mapping_save(const struct kh_ctx *ctx, const char *name,
                                   const struct import_map *entries, int n,
                                   const struct import_value_map *values, int nvalues,
                                   int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    if (!ctx_can(ctx, &customer_perm_create))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入客户的权限",
                          "not allowed to import customers");
    if (!name || !*str_trim(str_from(name)).ptr || str_trim(str_from(name)).len == 0 ||
        utf8_count(name, strlen(name)) > 50 || !utf8_valid(name, strlen(name)))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写映射名称（50字以内）",
                          "give the mapping a name (at most 50 characters)");
    if (n < 1)
        return kh_err_set(err, KH_E_VALIDATION, "mapping", "映射不能为空", "the mapping is empty");
    enum kh_status st = import_values_check(ctx, values, nvalues, err);
    if (st)
        return st;
    char *json = import_json_mapping_encode(entries, n);
    char *vjson = import_json_values_encode(values, nvalues);
    st = import_store_mapping_add(ctx, name, json, vjson, id_out, err);
    free(json);
    free(vjson);
    return st;
}
