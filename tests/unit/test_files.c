/*
 * The local file store: names it makes and accepts, size limits, what a
 * reader and a lister see, removal and scratch files.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "crypto/crypto.h"
#include "files/files.h"

struct fixture {
    char root[64]; /* a folder holding the store and a file outside it */
    char dir[96];  /* the store */
    struct file_store *fs;
    struct arena arena;
};

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct kh_err err;
    assert_int_equal(crypto_init(&err), KH_OK);
    snprintf(f->root, sizeof(f->root), "/tmp/kehu-test-files-%d", (int)getpid());
    remove_tree(f->root);
    assert_int_equal(mkdir(f->root, 0700), 0);
    snprintf(f->dir, sizeof(f->dir), "%s/store/files", f->root);
    assert_int_equal(files_local_open(f->dir, &f->fs, &err), KH_OK);
    arena_init(&f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    files_close(f->fs);
    arena_release(&f->arena);
    remove_tree(f->root);
    free(f);
    return 0;
}

/* Entries of the store's folder, scratch files included. */
static int entries(const struct fixture *f)
{
    DIR *d = opendir(f->dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void put_text(struct fixture *f, const char *text, char *name)
{
    struct file_writer *w = NULL;
    struct kh_err err;
    assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
    assert_int_equal(files_write(w, text, strlen(text), &err), KH_OK);
    assert_int_equal(files_commit(w, "t-", ".txt", name, NULL, &err), KH_OK);
}

static void read_back(struct fixture *f, const char *name, char *out, size_t cap)
{
    int fd = -1;
    int64_t size = 0;
    struct kh_err err;
    assert_int_equal(files_open(f->fs, name, &fd, &size, &err), KH_OK);
    assert_true(size >= 0 && (size_t)size < cap);
    ssize_t n = read(fd, out, cap - 1);
    close(fd);
    assert_int_equal(n, size);
    out[n] = '\0';
}

static void names_are_checked(void **state)
{
    (void)state;
    assert_true(files_name_ok("export-abc_DEF-1.xlsx"));
    assert_true(files_name_ok("kehu-20260105-030000.db"));
    assert_true(files_name_ok("a"));
    const char *bad[] = {"",   "../x", "a/b", "/etc/passwd", ".hidden", "..",        "a..b", "-x",
                         "_x", "x y",  "x\n", "名字",        "x/",      ".part-abc", "x\\y"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(files_name_ok(bad[i]));
    char longest[FILES_NAME_MAX + 1]; /* 96 characters: one too many */
    memset(longest, 'a', sizeof(longest) - 1);
    longest[sizeof(longest) - 1] = '\0';
    assert_false(files_name_ok(longest));
    longest[sizeof(longest) - 2] = '\0';
    assert_true(files_name_ok(longest));
}

static void a_committed_file_reads_back_under_a_generated_name(void **state)
{
    struct fixture *f = *state;
    char name[FILES_NAME_MAX], text[64];
    put_text(f, "你好, file store", name);
    assert_true(files_name_ok(name));
    assert_int_equal(strncmp(name, "t-", 2), 0);
    assert_string_equal(name + strlen(name) - 4, ".txt");
    read_back(f, name, text, sizeof(text));
    assert_string_equal(text, "你好, file store");
    struct file_info info;
    struct kh_err err;
    assert_int_equal(files_stat(f->fs, name, &info, &err), KH_OK);
    assert_int_equal(info.size, (int64_t)strlen("你好, file store"));
    /* Two files never share a name; nothing but the two files is left in the folder. */
    char other[FILES_NAME_MAX];
    put_text(f, "second", other);
    assert_string_not_equal(name, other);
    assert_int_equal(entries(f), 2);
    char path[256];
    assert_true(files_local_path(f->fs, name, path, sizeof(path)));
    assert_int_equal(strncmp(path, f->dir, strlen(f->dir)), 0);
    assert_false(files_local_path(f->fs, "../x", path, sizeof(path)));
}

static void the_size_limit_refuses_the_write_that_passes_it(void **state)
{
    struct fixture *f = *state;
    struct file_writer *w = NULL;
    struct kh_err err;
    char name[FILES_NAME_MAX];
    int64_t size = -1;
    assert_int_equal(files_begin(f->fs, 10, &w, &err), KH_OK);
    assert_int_equal(files_write(w, "12345", 5, &err), KH_OK);
    assert_int_equal(files_write(w, "123456", 6, &err), KH_E_TOO_LARGE);
    assert_int_equal(files_writer_size(w), 5);
    assert_int_equal(files_write(w, "12345", 5, &err), KH_OK); /* exactly the limit */
    assert_int_equal(files_write(w, "x", 1, &err), KH_E_TOO_LARGE);
    assert_int_equal(files_commit(w, "t-", "", name, &size, &err), KH_OK);
    assert_int_equal(size, 10);
    /* From a descriptor: over the limit, nothing is stored and no scratch file stays. */
    int fd = open("/dev/zero", O_RDONLY);
    assert_true(fd >= 0);
    char big[FILES_NAME_MAX];
    assert_int_equal(files_put_fd(f->fs, fd, 1 << 20, "z-", "", big, &size, &err), KH_E_TOO_LARGE);
    close(fd);
    assert_string_equal(big, "");
    assert_int_equal(entries(f), 1);
    /* A file written by name (as libxlsxwriter does) is measured at commit. */
    assert_int_equal(files_begin(f->fs, 4, &w, &err), KH_OK);
    FILE *out = fopen(files_writer_path(w), "wb");
    assert_non_null(out);
    fputs("more than four", out);
    fclose(out);
    assert_int_equal(files_commit(w, "t-", "", name, &size, &err), KH_E_TOO_LARGE);
    assert_int_equal(entries(f), 1);
}

static void put_from_a_path_and_a_descriptor(void **state)
{
    struct fixture *f = *state;
    char src[128], name[FILES_NAME_MAX], text[32];
    snprintf(src, sizeof(src), "%s/outside.txt", f->root);
    FILE *out = fopen(src, "wb");
    assert_non_null(out);
    fputs("from a path", out);
    fclose(out);
    struct kh_err err;
    int64_t size = 0;
    assert_int_equal(files_put_path(f->fs, src, 100, "p-", ".txt", name, &size, &err), KH_OK);
    assert_int_equal(size, 11);
    read_back(f, name, text, sizeof(text));
    assert_string_equal(text, "from a path");
    assert_int_equal(files_put_path(f->fs, src, 5, "p-", ".txt", name, &size, &err),
                     KH_E_TOO_LARGE);
    char missing[160];
    snprintf(missing, sizeof(missing), "%s/nothing-here", f->root);
    assert_int_equal(files_put_path(f->fs, missing, 0, "p-", "", name, &size, &err),
                     KH_E_NOT_FOUND);
}

static void names_that_leave_the_store_are_refused(void **state)
{
    struct fixture *f = *state;
    char name[FILES_NAME_MAX];
    put_text(f, "inside", name); /* makes the folders */
    char outside[128];
    snprintf(outside, sizeof(outside), "%s/store/secret", f->root);
    FILE *out = fopen(outside, "wb");
    assert_non_null(out);
    fputs("secret", out);
    fclose(out);
    struct kh_err err;
    int fd = -1;
    int64_t size = 0;
    const char *tries[] = {"../secret", "..", "./../secret", "/etc/passwd", "a/../../secret"};
    for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
        assert_int_equal(files_open(f->fs, tries[i], &fd, &size, &err), KH_E_INVALID);
        assert_int_equal(fd, -1);
        assert_int_equal(files_delete(f->fs, tries[i], &err), KH_E_INVALID);
    }
    assert_int_equal(access(outside, F_OK), 0);
    /* A writer cannot name its file outside either; its scratch file goes. */
    struct file_writer *w = NULL;
    assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
    assert_int_equal(files_write(w, "x", 1, &err), KH_OK);
    assert_int_equal(files_commit_as(w, "../escaped", NULL, &err), KH_E_INVALID);
    assert_int_equal(entries(f), 1);
    char escaped[128];
    snprintf(escaped, sizeof(escaped), "%s/store/escaped", f->root);
    assert_int_not_equal(access(escaped, F_OK), 0);
    /* A prefix cannot smuggle a path into a generated name. */
    assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
    char refused[FILES_NAME_MAX];
    assert_int_equal(files_commit(w, "../", "", refused, NULL, &err), KH_E_INVALID);
    assert_string_equal(refused, "");
    /* A link planted in the folder is not followed. */
    char link_path[160];
    snprintf(link_path, sizeof(link_path), "%s/planted", f->dir);
    assert_int_equal(symlink(outside, link_path), 0);
    assert_int_equal(files_open(f->fs, "planted", &fd, &size, &err), KH_E_NOT_FOUND);
    struct file_info *list = NULL;
    int n = 0;
    assert_int_equal(files_list(f->fs, "", &f->arena, &list, &n, &err), KH_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].name, name);
}

static void delete_and_missing_files(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    int fd = -1;
    int64_t size = 0;
    struct file_info info;
    /* Before anything was written the folder does not exist: reads find nothing. */
    assert_int_equal(files_open(f->fs, "nothing", &fd, &size, &err), KH_E_NOT_FOUND);
    assert_string_equal(err.field, "file");
    assert_int_equal(files_stat(f->fs, "nothing", &info, &err), KH_E_NOT_FOUND);
    struct file_info *list = NULL;
    int n = -1;
    assert_int_equal(files_list(f->fs, "", &f->arena, &list, &n, &err), KH_OK);
    assert_int_equal(n, 0);
    char name[FILES_NAME_MAX];
    put_text(f, "to delete", name);
    /* A reader holding the file keeps reading it after the delete. */
    assert_int_equal(files_open(f->fs, name, &fd, &size, &err), KH_OK);
    assert_int_equal(files_delete(f->fs, name, &err), KH_OK);
    char text[16] = "";
    assert_int_equal(read(fd, text, sizeof(text) - 1), 9);
    close(fd);
    assert_string_equal(text, "to delete");
    assert_int_equal(files_open(f->fs, name, &fd, &size, &err), KH_E_NOT_FOUND);
    /* Deleting again (a sweep after a crash) is fine. */
    assert_int_equal(files_delete(f->fs, name, &err), KH_OK);
    assert_int_equal(entries(f), 0);
}

static void a_name_chosen_by_code_is_never_overwritten(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    struct file_writer *w = NULL;
    int64_t size = 0;
    assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
    assert_int_equal(files_write(w, "first", 5, &err), KH_OK);
    assert_int_equal(files_commit_as(w, "kehu-20260105-030000.db", &size, &err), KH_OK);
    assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
    assert_int_equal(files_write(w, "second", 6, &err), KH_OK);
    assert_int_equal(files_commit_as(w, "kehu-20260105-030000.db", &size, &err), KH_E_CONFLICT);
    char text[16];
    read_back(f, "kehu-20260105-030000.db", text, sizeof(text));
    assert_string_equal(text, "first");
    assert_int_equal(entries(f), 1);
}

static void a_list_is_sorted_filtered_and_skips_scratch_files(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    const char *names[] = {"kehu-20260107-030000.db", "kehu-20260105-030000.db", "other.db"};
    for (size_t i = 0; i < 3; i++) {
        struct file_writer *w = NULL;
        assert_int_equal(files_begin(f->fs, 0, &w, &err), KH_OK);
        assert_int_equal(files_write(w, names[i], strlen(names[i]), &err), KH_OK);
        assert_int_equal(files_commit_as(w, names[i], NULL, &err), KH_OK);
    }
    struct file_writer *open_writer = NULL; /* a write in progress */
    assert_int_equal(files_begin(f->fs, 0, &open_writer, &err), KH_OK);
    struct file_info *list = NULL;
    int n = 0;
    assert_int_equal(files_list(f->fs, "kehu-", &f->arena, &list, &n, &err), KH_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].name, "kehu-20260105-030000.db");
    assert_string_equal(list[1].name, "kehu-20260107-030000.db");
    assert_int_equal(list[1].size, 23);
    assert_int_equal(files_list(f->fs, "", &f->arena, &list, &n, &err), KH_OK);
    assert_int_equal(n, 3);
    files_abort(open_writer);
}

static void old_scratch_files_are_swept_young_ones_stay(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    struct file_writer *old = NULL, *young = NULL;
    assert_int_equal(files_begin(f->fs, 0, &old, &err), KH_OK);
    assert_int_equal(files_begin(f->fs, 0, &young, &err), KH_OK);
    /* As a writer that stopped two days ago leaves it (SQLite's journal beside it too). */
    char journal[4200];
    snprintf(journal, sizeof(journal), "%s-journal", files_writer_path(old));
    FILE *j = fopen(journal, "wb");
    assert_non_null(j);
    fclose(j);
    struct timespec times[2] = {{time(NULL) - 2 * 86400, 0}, {time(NULL) - 2 * 86400, 0}};
    assert_int_equal(utimensat(AT_FDCWD, files_writer_path(old), times, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, journal, times, 0), 0);
    assert_int_equal(files_sweep_scratch(f->fs, 86400), 2);
    assert_int_not_equal(access(files_writer_path(old), F_OK), 0);
    assert_int_equal(access(files_writer_path(young), F_OK), 0);
    assert_int_equal(files_sweep_scratch(f->fs, 86400), 0);
    files_abort(old);
    char name[FILES_NAME_MAX];
    assert_int_equal(files_write(young, "ok", 2, &err), KH_OK);
    assert_int_equal(files_commit(young, "y-", "", name, NULL, &err), KH_OK);
    assert_int_equal(entries(f), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_are_checked),
        cmocka_unit_test_setup_teardown(a_committed_file_reads_back_under_a_generated_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_size_limit_refuses_the_write_that_passes_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(put_from_a_path_and_a_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(names_that_leave_the_store_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(delete_and_missing_files, setup, teardown),
        cmocka_unit_test_setup_teardown(a_name_chosen_by_code_is_never_overwritten, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_list_is_sorted_filtered_and_skips_scratch_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(old_scratch_files_are_swept_young_ones_stay, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
