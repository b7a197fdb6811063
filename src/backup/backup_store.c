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

enum kh_status backup_store_open(const char *path, struct db **out, struct kh_err *err)
{
    struct db_options opt = {.path = path, .readers = 1, .no_writer = true};
    return db_open(&opt, out, err);
}

void backup_store_close(struct db *db)
{
    db_close(db);
}
