/* Uploaded files and saved column mappings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/str.h"
#include "customer/customer.h"
#include "core/utf8.h"
#include "crypto/crypto.h"
#include "import/import_json.h"
#include "import/import_store.h"
#include "settings/settings.h"

static bool name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= 200 && utf8_valid(s, n) && !strchr(s, '/');
}

enum kh_status import_upload_keep(const struct kh_ctx *ctx, const char *files_dir,
                                  const char *tmp_path, const char *name, int64_t size,
                                  char *id_out, size_t cap, struct kh_err *err)
{
    id_out[0] = '\0';
    if (!ctx_can(ctx, &customer_perm_create)) {
        unlink(tmp_path);
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入客户的权限",
                          "not allowed to import customers");
    }
    if (!name_ok(name)) {
        unlink(tmp_path);
        return kh_err_set(err, KH_E_VALIDATION, "name", "请提供文件名（200字以内）",
                          "give the file's name (at most 200 characters)");
    }
    /* Forget expired uploads first. */
    const char **old = NULL;
    int nold = 0;
    struct kh_err e2;
    int64_t keep_hours = 0;
    if (settings_get_int(ctx, "upload_keep_hours", 24, &keep_hours, &e2) == KH_OK &&
        import_store_upload_expire(ctx, ctx_now(ctx) - keep_hours * 3600, &old, &nold, &e2) ==
            KH_OK)
        for (int i = 0; i < nold; i++)
            unlink(old[i]);
    char id[64];
    crypto_random_token("u_", id, sizeof(id));
    char *path = arena_printf(ctx->arena, "%s/upload-%s", files_dir, id);
    if (rename(tmp_path, path) != 0) {
        unlink(tmp_path);
        return kh_err_set(err, KH_E_INTERNAL, "", "保存上传文件失败", "cannot keep the upload");
    }
    enum kh_status st = import_store_upload_add(ctx, id, name, path, size, err);
    if (st) {
        unlink(path);
        return st;
    }
    snprintf(id_out, cap, "%s", id);
    return KH_OK;
}

enum kh_status import_upload_find(const struct kh_ctx *ctx, const char *id, const char **path,
                                  const char **name, struct kh_err *err)
{
    if (!id || !*id || strlen(id) > 80)
        return kh_err_set(err, KH_E_VALIDATION, "file_id", "请先上传文件", "upload a file first");
    return import_store_upload_get(ctx, id, path, name, err);
}

enum kh_status import_mappings(const struct kh_ctx *ctx, struct import_saved_mapping **out,
                               int *count, struct kh_err *err)
{
    int64_t *ids = NULL;
    const char **names = NULL, **json = NULL;
    int n = 0;
    enum kh_status st = import_store_mappings(ctx, &ids, &names, &json, &n, err);
    if (st)
        return st;
    struct import_saved_mapping *list = arena_alloc(ctx->arena, sizeof(*list) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        list[k] = (struct import_saved_mapping){ids[i], names[i], NULL, 0};
        if (import_json_mapping_decode(ctx->arena, json[i], &list[k].entries, &list[k].n))
            k++;
    }
    *out = list;
    *count = k;
    return KH_OK;
}

enum kh_status import_mapping_save(const struct kh_ctx *ctx, const char *name,
                                   const struct import_map *entries, int n, int64_t *id_out,
                                   struct kh_err *err)
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
    char *json = import_json_mapping_encode(entries, n);
    enum kh_status st = import_store_mapping_add(ctx, name, json, id_out, err);
    free(json);
    return st;
}
