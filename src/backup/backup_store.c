/* The backup capability's calls into the db layer. */
#include "backup/backup_store.h"

#include "db/db.h"

void backup_store_local_dir(const struct kh_ctx *ctx, char *out, size_t cap)
{
    db_local_dir(db_path(ctx->db), out, cap);
}

const char *backup_store_db_path(const struct kh_ctx *ctx)
{
    return db_path(ctx->db);
}

enum kh_status backup_store_copy_live(const struct kh_ctx *ctx, const char *dest,
                                      struct kh_err *err)
{
    return db_backup_to(ctx->db, dest, err);
}

enum kh_status backup_store_check_file(const char *path, struct kh_err *err)
{
    return db_check_file(path, err);
}

enum kh_status backup_store_copy_file(const char *src, const char *dest, struct kh_err *err)
{
    return db_copy_file(src, dest, err);
}

enum kh_status backup_store_open(const char *path, const char *server, struct db **out,
                                 struct kh_err *err)
{
    return db_open_backup(path, server, out, err);
}

bool backup_store_shared(const struct kh_ctx *ctx)
{
    return db_is_url(db_setting(ctx->db));
}

bool backup_store_setting_shared(const char *setting)
{
    return db_is_url(setting);
}

const char *backup_store_setting(const struct kh_ctx *ctx)
{
    return db_setting(ctx->db);
}

void backup_store_close(struct db *db)
{
    db_close(db);
}

enum kh_status backup_store_put_in_place(struct db *backup, const char *url, char *kept, size_t cap,
                                         struct kh_err *err)
{
    return db_put_in_place(backup, url, kept, cap, err);
}
