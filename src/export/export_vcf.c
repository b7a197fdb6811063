/* vCards (RFC 6350, version 4.0) of exported customers and their contacts. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/contentline.h"
#include "customer/customer.h"
#include "export/export_internal.h"

static bool set(const char *s)
{
    return s && *s;
}

static void card_begin(struct buf *out, const char *uid, const char *kind)
{
    buf_puts(out, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
    contentline_put(out, "UID", uid);
    if (kind)
        contentline_put(out, "KIND", kind);
}

/* A structured value: before, text escaped as one component, then after (its empty ones). */
static void put_component(struct buf *out, const char *name, const char *before, const char *text,
                          const char *after)
{
    struct buf v;
    buf_init(&v, 128);
    buf_puts(&v, before);
    for (const char *p = text; *p; p++) {
        if (*p == '\\' || *p == ',' || *p == ';')
            buf_putc(&v, '\\');
        buf_putc(&v, *p);
    }
    buf_puts(&v, after);
    contentline_put_raw(out, name, buf_cstr(&v));
    buf_release(&v);
}

/* N: the whole name as the family name (Chinese names are not split reliably). */
static void names(struct buf *out, const char *name)
{
    contentline_put(out, "FN", name);
    put_component(out, "N", "", name, ";;;;");
}

void export__vcards(struct buf *out, const struct customer *c, const char *mark)
{
    bool org = c->kind && strcmp(c->kind, "individual");
    char uid[64];
    snprintf(uid, sizeof(uid), "urn:kehu:customer:%lld", (long long)c->id);
    card_begin(out, uid, org ? "org" : "individual");
    if (org) {
        contentline_put(out, "FN", c->name);
        contentline_put(out, "ORG", c->name);
    } else {
        names(out, c->name);
        if (set(c->company))
            contentline_put(out, "ORG", c->company);
        if (set(c->position))
            contentline_put(out, "TITLE", c->position);
    }
    if (set(c->mobile))
        contentline_put(out, "TEL;TYPE=cell;VALUE=text", c->mobile);
    if (set(c->phone_office))
        contentline_put(out, "TEL;TYPE=work;VALUE=text", c->phone_office);
    if (set(c->phone_home))
        contentline_put(out, "TEL;TYPE=home;VALUE=text", c->phone_home);
    if (set(c->email))
        contentline_put(out, "EMAIL", c->email);
    if (set(c->address))
        put_component(out, "ADR", ";;", c->address, ";;;;"); /* the street */
    struct buf note;
    buf_init(&note, 128);
    buf_printf(&note, "Kehu %s\n%s", c->code, mark);
    contentline_put(out, "NOTE", buf_cstr(&note));
    buf_puts(out, "END:VCARD\r\n");
    for (int i = 0; i < c->ncontacts; i++) {
        const struct contact *k = &c->contacts[i];
        snprintf(uid, sizeof(uid), "urn:kehu:contact:%lld", (long long)k->id);
        card_begin(out, uid, "individual");
        names(out, k->name);
        contentline_put(out, "ORG", c->name);
        if (set(k->position))
            contentline_put(out, "TITLE", k->position);
        if (set(k->mobile))
            contentline_put(out, "TEL;TYPE=cell;VALUE=text", k->mobile);
        if (set(k->email))
            contentline_put(out, "EMAIL", k->email);
        buf_reset(&note);
        buf_printf(&note, "Kehu %s %s\n%s", c->code, c->name, mark);
        contentline_put(out, "NOTE", buf_cstr(&note));
        buf_puts(out, "END:VCARD\r\n");
    }
    buf_release(&note);
}
