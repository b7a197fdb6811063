/*
 * A printed document as PDF (R-PLT-7): the print HTML rendered by headless
 * chromium. The document and the shipped fonts are written to a private
 * scratch directory; chromium runs there as "nobody" (when the server runs
 * as root), with no network (the page's own policy allows nothing but its
 * styles and the fonts beside it), one at a time, killed after 60 seconds.
 */
#include "print/print.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "http/assets.h"

#define PDF_TIMEOUT_MS 60000
#define PDF_MAX (64u << 20)

static const struct kh_asset *web_assets;
static pthread_mutex_t one_at_a_time = PTHREAD_MUTEX_INITIALIZER;

void print_use_assets(const struct kh_asset *assets)
{
    web_assets = assets;
}

static const char *const font_files[] = {"noto-sans-sc-400.woff2", "noto-sans-sc-700.woff2",
                                         "noto-sans-sc-latin-400.woff2",
                                         "noto-sans-sc-latin-700.woff2", NULL};

static bool write_all(const char *path, const void *data, size_t len, uid_t uid, gid_t gid,
                      bool chown_it)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return false;
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return false;
        }
        p += n;
        left -= (size_t)n;
    }
    if (chown_it && fchown(fd, uid, gid) != 0) {
        close(fd);
        return false;
    }
    return close(fd) == 0;
}

/* Copy src to dst (a file of the store's scratch area): the PDF leaves the scratch directory. */
static bool copy_file(const char *src, const char *dst, size_t *size)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return false;
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = out >= 0;
    char buf[65536];
    *size = 0;
    while (ok) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        *size += (size_t)n;
        if (*size > PDF_MAX || write(out, buf, (size_t)n) != n)
            ok = false;
    }
    close(in);
    if (out >= 0 && (close(out) != 0 || !ok)) {
        ok = false;
        unlink(dst);
    }
    return ok;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(sub);
            else
                unlink(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run argv as uid/gid (when drop) in dir with env; 0 when it exits 0 in time. */
static int run_chromium(const char *const argv[], const char *const envp[], const char *dir,
                        bool drop, uid_t uid, gid_t gid)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* The child: async-signal-safe calls only until exec. */
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        if (chdir(dir) != 0)
            _exit(126);
        if (drop && (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
            _exit(126);
        setpgid(0, 0); /* chromium's helpers go with it when it is killed */
        /* execve's array types predate const; it does not change them. */
        execve(argv[0], (char *const *)(uintptr_t)argv, (char *const *)(uintptr_t)envp);
        _exit(127);
    }
    int64_t deadline = mono_ms() + PDF_TIMEOUT_MS;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (r < 0 && errno != EINTR)
            return -1;
        if (mono_ms() > deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -2;
        }
        struct timespec ts = {0, 20 * 1000000};
        nanosleep(&ts, NULL);
    }
}

static const char *chromium_path(void)
{
    const char *env = getenv("KEHU_CHROMIUM");
    if (env && *env)
        return env;
    static const char *const known[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser", NULL};
    for (int i = 0; known[i]; i++)
        if (access(known[i], X_OK) == 0)
            return known[i];
    return NULL;
}

static enum kh_status unavailable(struct kh_err *err, const char *why)
{
    log_warn("msg=\"print: no PDF\" reason=\"%s\"", why);
    return kh_err_set(err, KH_E_UNAVAILABLE, "",
                      "服务器暂时无法生成 PDF，请稍后再试或在浏览器中打印",
                      "the server cannot make the PDF now: try again later, or print from the "
                      "browser");
}

static enum kh_status render(const struct kh_ctx *ctx, const struct print_doc *doc,
                             const char *path, const char *chromium, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    bool drop = geteuid() == 0;
    uid_t uid = 0;
    gid_t gid = 0;
    if (drop) {
        struct passwd pw, *found = NULL;
        char pwbuf[1024];
        if (getpwnam_r("nobody", &pw, pwbuf, sizeof(pwbuf), &found) != 0 || !found)
            return unavailable(err, "no user nobody to run chromium as");
        uid = pw.pw_uid;
        gid = pw.pw_gid;
    }
    char dir[] = "/tmp/kehu-print-XXXXXX";
    if (!mkdtemp(dir))
        return unavailable(err, "no scratch directory");
    enum kh_status st = KH_OK;
    const char *html =
        arena_printf(a,
                     "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; font-src file:\"><title>Kehu</title>"
                     "<style>html,body{margin:0;padding:0;background:#fff}</style></head><body>\n%s"
                     "</body></html>\n",
                     "zh-CN", doc->html);
    char fonts[sizeof(dir) + 8];
    snprintf(fonts, sizeof(fonts), "%s/fonts", dir);
    bool ok = (!drop || chown(dir, uid, gid) == 0) && mkdir(fonts, 0700) == 0 &&
              (!drop || chown(fonts, uid, gid) == 0);
    for (int i = 0; ok && font_files[i]; i++) {
        const char *want = arena_printf(a, "/fonts/%s", font_files[i]);
        for (const struct kh_asset *x = web_assets; x && x->path; x++)
            if (!strcmp(x->path, want)) {
                ok = write_all(arena_printf(a, "%s/%s", fonts, font_files[i]), x->data, x->len, uid,
                               gid, drop);
                break;
            }
    }
    const char *page = arena_printf(a, "%s/doc.html", dir);
    ok = ok && write_all(page, html, strlen(html), uid, gid, drop);
    if (!ok) {
        remove_tree(dir);
        return unavailable(err, "cannot write the scratch files");
    }
    const char *pdf = arena_printf(a, "%s/out.pdf", dir);
    const char *argv[] = {chromium,
                          "--headless",
                          "--no-sandbox",
                          "--disable-gpu",
                          "--disable-dev-shm-usage",
                          "--disable-extensions",
                          "--disable-background-networking",
                          "--disable-component-update",
                          "--disable-sync",
                          "--disable-breakpad",
                          "--no-first-run",
                          "--no-default-browser-check",
                          "--mute-audio",
                          "--proxy-server=127.0.0.1:9",
                          "--host-resolver-rules=MAP * ~NOTFOUND",
                          arena_printf(a, "--user-data-dir=%s/profile", dir),
                          "--no-pdf-header-footer",
                          "--run-all-compositor-stages-before-draw",
                          "--virtual-time-budget=3000",
                          arena_printf(a, "--print-to-pdf=%s", pdf),
                          arena_printf(a, "file://%s", page),
                          NULL};
    const char *envp[] = {arena_printf(a, "HOME=%s", dir),
                          arena_printf(a, "XDG_CONFIG_HOME=%s/profile", dir),
                          arena_printf(a, "XDG_CACHE_HOME=%s/profile", dir),
                          "LANG=C.UTF-8",
                          "PATH=/usr/bin:/bin",
                          NULL};
    int64_t t0 = mono_ms();
    int rc = run_chromium(argv, envp, dir, drop, uid, gid);
    size_t size = 0;
    if (rc != 0 || !copy_file(pdf, path, &size) || size < 5)
        st = unavailable(err, rc == -2 ? "chromium timed out" : "chromium failed");
    else
        log_info("msg=\"print: pdf\" kind=%s id=%lld bytes=%zu ms=%lld", print_kind_name(doc->kind),
                 (long long)doc->id, size, (long long)(mono_ms() - t0));
    remove_tree(dir);
    return st;
}

enum kh_status print_pdf(const struct kh_ctx *ctx, const struct print_doc *doc, const char *path,
                         struct kh_err *err)
{
    const char *chromium = chromium_path();
    if (!chromium)
        return unavailable(err, "chromium is not installed");
    pthread_mutex_lock(&one_at_a_time);
    enum kh_status st = render(ctx, doc, path, chromium, err);
    pthread_mutex_unlock(&one_at_a_time);
    return st;
}
