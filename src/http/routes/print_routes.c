/* Printing (R-PLT-7): a business document's print view, and the same as a PDF. */
#include "print/print.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/registry.h"
#include "http/http.h"
#include "secrecy/secrecy.h"

/* The kind and the record's id of /print/:kind/:id; false when answered (refused). */
static bool read_target(struct http_req *r, enum print_kind *kind, int64_t *id)
{
    if (!print_kind_parse(r->nparams > 0 ? r->params[0] : "", kind)) {
        http_reply_error(r, 400, "invalid", "kind",
                         "打印内容应为 order（订单）、contract（合同）、statement（对账单）或 "
                         "customer（客户档案）",
                         "kind must be order, contract, statement or customer");
        return false;
    }
    *id = http_param_id(r, 1);
    return *id != 0;
}

/* GET /print/:kind/:id: the document as HTML, to print from the browser. */
static void get_print(struct http_req *r)
{
    enum print_kind kind;
    int64_t id = 0;
    if (!read_target(r, &kind, &id))
        return;
    struct print_doc doc;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, print_view(&r->ctx, kind, id, r->english, "/fonts/", &doc, &err),
                           &err))
        return;
    http_reply_json(r, 200,
                    json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", print_kind_name(kind), "id",
                              (json_int_t)id, "title", doc.title, "secrecy",
                              secrecy_name(doc.secrecy), "file_name", doc.file_name, "html",
                              doc.html));
}

/* GET /print/:kind/:id/pdf: the same document rendered on the server. */
static void get_print_pdf(struct http_req *r)
{
    enum print_kind kind;
    int64_t id = 0;
    if (!read_target(r, &kind, &id))
        return;
    char path[] = "/tmp/kehu-pdf-XXXXXX";
    int tmp = mkstemp(path);
    if (tmp < 0) {
        http_reply_error(r, 503, "unavailable", "", "服务器暂时无法生成 PDF",
                         "the server cannot make the PDF now");
        return;
    }
    close(tmp);
    struct print_doc doc;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = print_view_pdf(&r->ctx, kind, id, r->english, path, &doc, &err);
    int fd = st ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    unlink(path);
    if (!http_reply_status(r, st, &err))
        return;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0)
            close(fd);
        http_reply_error(r, 503, "unavailable", "", "服务器暂时无法生成 PDF",
                         "the server cannot make the PDF now");
        return;
    }
    http_reply_fd(r, fd, (int64_t)sb.st_size, doc.file_name, "application/pdf");
}

static const struct route print_routes[] = {
    {"GET", "/api/v1/print/:kind/:id", get_print, 0},
    {"GET", "/api/v1/print/:kind/:id/pdf", get_print_pdf, 0},
    {0},
};

static const struct kh_audit_action print_audit_actions[] = {
    {"print.view", "打印预览", "Print view"},
    {"print.pdf", "生成打印 PDF", "Print PDF"},
    {0},
};

const struct capability print_capability = {
    .name = "print",
    .label_zh = "打印",
    .label_en = "Printing",
    .routes = {print_routes},
    .audit_actions = print_audit_actions,
};
