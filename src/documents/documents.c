/* Documents attached to records: upload, list, download, delete, purge (documents.h). */
#include "documents/documents.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/customer_ref.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/utf8.h"
#include "documents/documents_store.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_setting documents_setting_max_mb = {
    "document_max_mb", 20, 1, 200, "MB", "MB", "附件（文档）最大大小", "Largest attached document"};

const struct kh_audit_action documents_audit_actions[] = {
    {"document.add", "上传附件", "Attached a document"},
    {"document.read", "下载附件", "Downloaded a document"},
    {"document.delete", "删除附件", "Deleted a document"},
    {0},
};

#define NAME_MAX_CHARS 200
#define SNIFF_BYTES 16

static const struct document_kind *kind_of(const char *name)
{
    size_t n = 0;
    const struct capability *const *caps = registry_capabilities(&n);
    for (size_t i = 0; name && i < n; i++)
        for (const struct document_kind *const *k = caps[i]->document_kinds; k && *k; k++)
            if (!strcmp((*k)->name, name))
                return *k;
    return NULL;
}

/* The record's customer if the actor may use it so; not found and read-only as the kind says. */
static enum kh_status owner_check(const struct kh_ctx *ctx, const char *kind, int64_t owner_id,
                                  bool write, int64_t *customer_id, struct kh_err *err)
{
    const struct document_kind *k = kind_of(kind);
    if (!k)
        return kh_err_set(err, KH_E_VALIDATION, "kind", "附件所属记录的类型无效（如 interaction）",
                          "kind is not a kind of record files attach to (e.g. interaction)");
    if (owner_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "请指定附件所属的记录",
                          "say which record (owner_id)");
    return k->owner(ctx, owner_id, write, customer_id, err);
}

enum kh_status documents_upload_room(const struct kh_ctx *ctx, const char *kind, int64_t owner_id,
                                     uint64_t declared, uint64_t *limit, struct kh_err *err)
{
    *limit = 0;
    int64_t customer = 0, max_mb = 0;
    enum kh_status st = owner_check(ctx, kind, owner_id, true, &customer, err);
    if (!st)
        st = settings_int(ctx, &documents_setting_max_mb, &max_mb, err);
    if (st)
        return st;
    uint64_t max = (uint64_t)max_mb << 20;
    if (declared > max)
        return kh_err_setf(err, KH_E_TOO_LARGE, "file", "文件过大：附件最大 %lld MB",
                           "the file is too large: at most %lld MB", (long long)max_mb,
                           (long long)max_mb);
    uint64_t room = 0;
    if ((st = files_room(ctx, declared, &room, err)))
        return st;
    *limit = room < max ? room : max;
    return KH_OK;
}

/* The file types attachments take: by extension, the content's first bytes and its type. */
static const struct {
    const char *ext;
    const char *magic;
    size_t len;
    size_t at; /* where the magic starts */
    const char *type;
} types[] = {
    {"pdf", "%PDF-", 5, 0, "application/pdf"},
    {"png", "\x89PNG\r\n\x1a\n", 8, 0, "image/png"},
    {"jpg", "\xff\xd8\xff", 3, 0, "image/jpeg"},
    {"jpeg", "\xff\xd8\xff", 3, 0, "image/jpeg"},
    {"gif", "GIF8", 4, 0, "image/gif"},
    {"webp", "WEBP", 4, 8, "image/webp"},
    {"docx", "PK\x03\x04", 4, 0,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "PK\x03\x04", 4, 0,
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"pptx", "PK\x03\x04", 4, 0,
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0, "application/msword"},
    {"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0, "application/vnd.ms-excel"},
    {"ppt", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0, "application/vnd.ms-powerpoint"},
    {"amr", "#!AMR", 5, 0, "audio/amr"},
    {"m4a", "ftyp", 4, 4, "audio/mp4"},
    {"mp3", "ID3", 3, 0, "audio/mpeg"},
    {"mp3", "\xff\xfb", 2, 0, "audio/mpeg"},
    {"mp3", "\xff\xf3", 2, 0, "audio/mpeg"},
    {"txt", NULL, 0, 0, "text/plain; charset=utf-8"},
    {"csv", NULL, 0, 0, "text/csv; charset=utf-8"},
};

static bool ext_known(const char *ext)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcasecmp(types[i].ext, ext))
            return true;
    return false;
}

const char *documents_sniff(const char *ext, const unsigned char *head, size_t n)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (strcasecmp(types[i].ext, ext))
            continue;
        if (!types[i].magic) { /* text: UTF-8 without NUL in what was read */
            if (memchr(head, 0, n))
                continue;
            size_t ok = n;
            while (ok > 0 && n - ok < 4 && !utf8_valid((const char *)head, ok))
                ok--; /* a character cut at the end of the sample */
            if (n == 0 || utf8_valid((const char *)head, ok))
                return types[i].type;
            continue;
        }
        if (n >= types[i].at + types[i].len &&
            !memcmp(head + types[i].at, types[i].magic, types[i].len))
            return types[i].type;
    }
    return NULL;
}

/* The extension of a name ("报价单.PDF" -> "PDF"), or NULL. */
static const char *ext_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot[1] && dot != name ? dot + 1 : NULL;
}

static enum kh_status check_name(const char *name, struct kh_err *err)
{
    if (!name || !*name || !utf8_text_ok(name, NAME_MAX_CHARS, true) || strchr(name, '/') ||
        strchr(name, '\\'))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请提供文件名（200字以内）",
                          "give the file's name (at most 200 characters)");
    const char *ext = ext_of(name);
    if (!ext || !ext_known(ext))
        return kh_err_set(
            err, KH_E_VALIDATION, "name",
            "只能上传 PDF、图片（PNG、JPG、GIF、WEBP）、Office 文档、录音（AMR、MP3、M4A）"
            "或文本（TXT、CSV）",
            "only PDF, images (PNG, JPG, GIF, WEBP), Office documents, recordings "
            "(AMR, MP3, M4A) or text (TXT, CSV) are taken");
    return KH_OK;
}

enum kh_status documents_add(const struct kh_ctx *ctx, const char *kind, int64_t owner_id,
                             const char *name, struct file_writer *upload, struct document *out,
                             struct kh_err *err)
{
    int64_t customer = 0;
    enum kh_status st = owner_check(ctx, kind, owner_id, true, &customer, err);
    if (!st)
        st = check_name(name, err);
    unsigned char head[SNIFF_BYTES * 64];
    ssize_t got = -1;
    if (!st) {
        int fd = open(files_writer_path(upload), O_RDONLY | O_CLOEXEC);
        got = fd >= 0 ? read(fd, head, sizeof(head)) : -1;
        if (fd >= 0)
            close(fd);
        if (got < 0)
            st = kh_err_set(err, KH_E_INTERNAL, "file", "无法读取上传的文件",
                            "cannot read the upload");
    }
    const char *type = st ? NULL : documents_sniff(ext_of(name), head, (size_t)got);
    if (!st && !type)
        st = kh_err_set(err, KH_E_VALIDATION, "file", "文件内容与扩展名不符",
                        "the file's content is not what its extension says");
    if (st) {
        files_abort(upload);
        return st;
    }
    char file[FILES_NAME_MAX];
    int64_t size = 0;
    if ((st = files_commit(upload, "doc-", "", file, &size, err)))
        return kh_err_wrap(err, st, "", "保存附件失败：", "cannot keep the document: ");
    struct document d = {.kind = kind,
                         .owner_id = owner_id,
                         .customer_id = customer,
                         .name = name,
                         .content_type = type,
                         .size = size,
                         .uploaded_by = ctx->actor.user_id,
                         .uploaded_by_name = ctx->actor.name,
                         .uploaded_at = ctx_now(ctx),
                         .file = arena_strdup(ctx->arena, file)};
    if ((st = documents_store_add(ctx, &d, &d.id, err))) {
        struct kh_err e2;
        KH_IGNORE(files_delete(ctx->files, file, &e2));
        return st;
    }
    *out = d;
    return KH_OK;
}

enum kh_status documents_list(const struct kh_ctx *ctx, const char *kind, int64_t owner_id,
                              struct document **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    int64_t customer = 0;
    enum kh_status st = owner_check(ctx, kind, owner_id, false, &customer, err);
    return st ? st : documents_store_list(ctx, kind, owner_id, out, count, err);
}

enum kh_status documents_counts(const struct kh_ctx *ctx, const char *kind, const int64_t *ids,
                                int n, int *counts, struct kh_err *err)
{
    return documents_store_counts(ctx, kind, ids, n, counts, err);
}

enum kh_status documents_open(const struct kh_ctx *ctx, int64_t id, struct document *out,
                              struct kh_err *err)
{
    enum kh_status st = documents_store_get(ctx, id, out, err);
    int64_t customer = 0;
    if (!st)
        st = owner_check(ctx, out->kind, out->owner_id, false, &customer, err);
    if (st == KH_E_NOT_FOUND || st == KH_E_FORBIDDEN)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "附件不存在或无权查看",
                          "no such document, or not yours to see");
    if (st)
        return st;
    /* A download is a read of the customer's file: "who saw this" lists it. */
    const char *detail = arena_printf(ctx->arena, "part=documents document=%lld", (long long)id);
    struct audit_event ev = {"customer.read", "customer", out->customer_id, detail};
    return audit_record_read(ctx, &ev, err);
}

enum kh_status documents_delete(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct document d;
    enum kh_status st = documents_store_get(ctx, id, &d, err);
    int64_t customer = 0;
    if (!st)
        st = owner_check(ctx, d.kind, d.owner_id, true, &customer, err);
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "附件不存在或无权查看",
                          "no such document, or not yours to see");
    return st ? st : documents_store_delete(ctx, id, err);
}

/* ---- the purge of deleted files ---- */

#define PURGE_BATCH 100

static enum kh_status purge_run(struct job_run *run, struct kh_err *err)
{
    int64_t ids[PURGE_BATCH];
    const char *files[PURGE_BATCH];
    int n = 0, total = 0;
    enum kh_status st;
    do {
        if ((st = documents_store_unpurged(&run->ctx, PURGE_BATCH, ids, files, &n, err)))
            return st;
        for (int i = 0; i < n; i++) {
            struct kh_err e2;
            enum kh_status d = files_delete(run->ctx.files, files[i], &e2);
            if (d && d != KH_E_NOT_FOUND) {
                log_error("msg=\"document file not deleted\" document=%lld err=\"%s\"",
                          (long long)ids[i], e2.msg_en);
                return kh_err_set(err, d, "", "删除附件文件失败",
                                  "cannot delete a document's file");
            }
            if ((st = documents_store_purged(&run->ctx, ids[i], err)))
                return st;
            total++;
        }
    } while (n == PURGE_BATCH);
    char summary[64];
    snprintf(summary, sizeof(summary), "{\"purged\":%d}", total);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind documents_purge_kind = {"documents.purge", "清除已删除的附件",
                                              "Deleted documents' files removed", purge_run, 3};

/* Hourly at :45 (for ten minutes), when a deleted document still has its file. */
static bool purge_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (!job_hourly_due(now, 45, 600, period, cap))
        return false;
    int64_t id = 0;
    const char *file = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (documents_store_unpurged(ctx, 1, &id, &file, &n, &err))
        return true; /* the run reports what fails */
    return n > 0;
}

const struct job_task documents_purge_task = {"documents.purge", "清除已删除附件的文件",
                                              "Remove the files of deleted documents",
                                              &documents_purge_kind, purge_due};

/* ---- merges and destruction ---- */

const struct customer_ref_kind documents_customer_ref = {"documents", documents_store_move_on,
                                                         documents_store_forget_on};
