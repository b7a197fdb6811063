/*
 * A main() for the fuzz targets without libFuzzer, so `make test` can replay
 * the seed corpora on the ASan+UBSan build (fuzz/meson.build links it with
 * each fuzz_<target>.c as replay_<target>).
 *
 *   replay_<target> PATH...
 *
 * Each PATH is a file, or a directory whose regular files are run in name
 * order (not recursively). Like libFuzzer, the empty input runs first, and
 * each file's bytes are passed in a buffer of exactly their size, so a read
 * past the end is an ASan error. Before each file its name goes to stderr:
 * when a sanitizer or an abort() in the target stops the process, the last
 * name printed is the input that did it. Exit 0 when every input ran; 1 when
 * a path cannot be read.
 */

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file in a buffer of its exact size (caller frees); NULL on error. */
static uint8_t *read_file(const char *path, size_t *size)
{
    uint8_t *data = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || st.st_size < 0)
        goto out;
    *size = (size_t)st.st_size;
    data = malloc(*size ? *size : 1);
    if (!data)
        abort();
    if (*size && fread(data, 1, *size, f) != *size) {
        free(data);
        data = NULL;
    }
out:
    if (f)
        fclose(f);
    return data;
}

static int run_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (!data) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

static int only_regular(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int run_dir(const char *dir, int *count)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, only_regular, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: cannot read %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        int len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
        if (len > 0 && (size_t)len < sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            bad |= run_file(path);
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0, count = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            bad |= run_dir(argv[i], &count);
        } else {
            bad |= run_file(argv[i]);
            count++;
        }
    }
    fprintf(stderr, "replay: %d inputs%s\n", count, bad ? ", some unreadable" : "");
    return bad;
}
