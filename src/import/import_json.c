#include "import/import_json.h"

#include <string.h>

#include "customer/customer.h"

json_t *import_json_mapping_to(const struct import_map *m, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(o, m[i].header, json_string(m[i].field));
    return o;
}

char *import_json_mapping_encode(const struct import_map *m, int n)
{
    json_t *o = import_json_mapping_to(m, n);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

bool import_json_mapping_from(struct arena *a, json_t *o, struct import_map **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!json_is_object(o) || json_object_size(o) > 512)
        return false;
    struct import_map *m = arena_alloc(a, sizeof(*m) * (json_object_size(o) + 1));
    const char *key;
    json_t *v;
    int k = 0;
    json_object_foreach (o, key, v) {
        if (!json_is_string(v) && !json_is_null(v))
            return false;
        m[k].header = arena_strdup(a, key);
        m[k].field = arena_strdup(a, json_is_string(v) ? json_string_value(v) : "");
        k++;
    }
    *out = m;
    *n = k;
    return true;
}

bool import_json_mapping_decode(struct arena *a, const char *text, struct import_map **out, int *n)
{
    json_t *o = json_loads(text, 0, NULL);
    bool ok = import_json_mapping_from(a, o, out, n);
    json_decref(o);
    return ok;
}

json_t *import_json_values_to(const struct import_value_map *m, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++) {
        json_t *f = json_object_get(o, m[i].field);
        if (!f) {
            f = json_object();
            json_object_set_new(o, m[i].field, f);
        }
        json_object_set_new(f, m[i].from, json_string(m[i].to));
    }
    return o;
}

char *import_json_values_encode(const struct import_value_map *m, int n)
{
    json_t *o = import_json_values_to(m, n);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

bool import_json_values_from(struct arena *a, json_t *o, struct import_value_map **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!json_is_object(o))
        return false;
    size_t total = 0;
    const char *field, *from;
    json_t *f, *v;
    json_object_foreach (o, field, f) {
        if (!json_is_object(f))
            return false;
        total += json_object_size(f);
    }
    if (total > IMPORT_VALUE_MAP_MAX * 2)
        return false;
    struct import_value_map *m = arena_alloc(a, sizeof(*m) * (total + 1));
    int k = 0;
    json_object_foreach (o, field, f) {
        json_object_foreach (f, from, v) {
            if (!json_is_string(v) && !json_is_null(v))
                return false;
            m[k].field = arena_strdup(a, field);
            m[k].from = arena_strdup(a, from);
            m[k].to = arena_strdup(a, json_is_string(v) ? json_string_value(v) : "");
            k++;
        }
    }
    *out = m;
    *n = k;
    return true;
}

bool import_json_values_decode(struct arena *a, const char *text, struct import_value_map **out,
                               int *n)
{
    json_t *o = json_loads(text, 0, NULL);
    bool ok = import_json_values_from(a, o, out, n);
    json_decref(o);
    return ok;
}

static json_t *choices(const struct import_result *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->nchoices; i++) {
        const struct import_choice_column *c = &r->choices[i];
        json_t *allowed = json_array();
        const char *name = NULL;
        for (int k = 0; c->custom && k < c->custom->noptions; k++) /* options name themselves */
            json_array_append_new(allowed,
                                  json_pack("{s:s, s:s, s:s}", "value", c->custom->options[k], "zh",
                                            c->custom->options[k], "en", c->custom->options[k]));
        for (const struct kh_choice *k = c->custom ? NULL : customer_choice_set(c->set, &name);
             k && k->value; k++)
            json_array_append_new(
                allowed, json_pack("{s:s, s:s, s:s}", "value", k->value, "zh", k->zh, "en", k->en));
        json_t *vals = json_array();
        for (int k = 0; k < c->nvalues; k++) {
            const struct import_choice_value *v = &c->values[k];
            json_array_append_new(vals, json_pack("{s:s, s:I, s:o, s:o}", "text", v->text, "count",
                                                  (json_int_t)v->count, "to",
                                                  v->to ? json_string(v->to) : json_null(), "how",
                                                  v->how ? json_string(v->how) : json_null()));
        }
        json_array_append_new(a,
                              json_pack("{s:i, s:s, s:s, s:o, s:o, s:b, s:b}", "index", c->index,
                                        "header", c->header, "field", c->field, "allowed", allowed,
                                        "values", vals, "more", c->more, "multiple", c->multi));
    }
    return a;
}

static json_t *columns(const struct import_result *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->ncolumns; i++)
        json_array_append_new(
            a, json_pack("{s:i, s:s, s:o}", "index", r->columns[i].index, "header",
                         r->columns[i].header, "field",
                         r->columns[i].field ? json_string(r->columns[i].field) : json_null()));
    return a;
}

static json_t *errors(const struct import_result *r, bool english)
{
    json_t *a = json_array();
    for (int i = 0; i < r->nerrors; i++) {
        const struct import_error *e = &r->errors[i];
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row",
                                           (json_int_t)e->row, "column", e->column, "field",
                                           e->field, "message", english ? e->msg_en : e->msg_zh,
                                           "message_zh", e->msg_zh, "message_en", e->msg_en));
    }
    return a;
}

static json_t *dups(const struct import_result *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->ndups; i++) {
        const struct import_dup *d = &r->dups[i];
        json_t *o = json_pack("{s:I, s:s}", "row", (json_int_t)d->row, "match", d->match);
        if (d->in_file)
            json_object_set_new(o, "first_row", json_integer(d->first_row));
        else
            json_object_set_new(o, "existing",
                                json_pack("{s:I, s:s, s:s}", "id", (json_int_t)d->id, "code",
                                          d->code, "owner_name", d->owner_name));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *samples(const struct import_result *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->nsamples; i++) {
        json_t *v = json_object();
        for (int k = 0; k < r->samples[i].n; k++)
            json_object_set_new(v, r->samples[i].fields[k], json_string(r->samples[i].values[k]));
        json_array_append_new(
            a, json_pack("{s:I, s:o}", "row", (json_int_t)r->samples[i].row, "values", v));
    }
    return a;
}

json_t *import_json_result(const struct import_result *r, bool english)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o, "
        "s:o, s:o, s:b}",
        "format", r->format ? r->format : "", "encoding", r->encoding ? r->encoding : "",
        "header_row", (json_int_t)r->header_row, "columns", columns(r), "rows", (json_int_t)r->rows,
        "valid", (json_int_t)r->valid, "invalid", (json_int_t)r->invalid, "duplicates",
        (json_int_t)r->duplicates, "created", (json_int_t)r->created, "updated",
        (json_int_t)r->updated, "skipped", (json_int_t)r->skipped, "rejected",
        (json_int_t)r->rejected, "imported", r->imported, "errors", errors(r, english),
        "duplicate_rows", dups(r), "sample", samples(r), "truncated", r->truncated);
    json_object_set_new(o, "choices", choices(r));
    if (r->imported)
        json_object_set_new(o, "search_index", json_string(r->search_ready ? "ready" : "building"));
    return o;
}

char *import_json_summary(const struct import_result *r)
{
    json_t *o = import_json_result(r, false);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

char *import_json_params(const struct import_options *o)
{
    json_t *p =
        json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:i, s:i, s:o}", "file", o->file ? o->file : "",
                  "path", o->path ? o->path : "", "name", o->name ? o->name : "", "format",
                  (int)o->format, "encoding", (int)o->encoding, "dry_run", o->dry_run, "mode",
                  (int)o->mode, "dups", (int)o->dups, "mapping",
                  o->nmapping ? import_json_mapping_to(o->mapping, o->nmapping) : json_null());
    if (o->nvalues)
        json_object_set_new(p, "values", import_json_values_to(o->values, o->nvalues));
    if (o->english)
        json_object_set_new(p, "english", json_true());
    const struct import_resume *r = &o->resume;
    if (r->rows)
        json_object_set_new(p, "resume",
                            json_pack("{s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)r->rows,
                                      "created", (json_int_t)r->created, "updated",
                                      (json_int_t)r->updated, "skipped", (json_int_t)r->skipped,
                                      "invalid", (json_int_t)r->invalid));
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    return text;
}

bool import_json_params_decode(struct arena *a, const char *text, struct import_options *out)
{
    memset(out, 0, sizeof(*out));
    json_t *p = json_loads(text, 0, NULL);
    const char *file = "", *path = NULL, *name = NULL;
    int format = 0, encoding = 0, dry_run = 0, mode = 0, dups = 0;
    json_t *mapping = NULL;
    /* "file" is absent from jobs queued before uploads lived in the file store. */
    bool ok =
        p && json_unpack(p, "{s?s, s:s, s:s, s:i, s:i, s:b, s:i, s:i, s:o}", "file", &file, "path",
                         &path, "name", &name, "format", &format, "encoding", &encoding, "dry_run",
                         &dry_run, "mode", &mode, "dups", &dups, "mapping", &mapping) == 0;
    if (ok && json_is_object(mapping)) {
        struct import_map *m = NULL;
        ok = import_json_mapping_from(a, mapping, &m, &out->nmapping);
        out->mapping = m;
    }
    json_t *values = p ? json_object_get(p, "values") : NULL; /* absent from older jobs */
    if (ok && values) {
        struct import_value_map *v = NULL;
        ok = import_json_values_from(a, values, &v, &out->nvalues);
        out->values = v;
    }
    json_t *resume = p ? json_object_get(p, "resume") : NULL; /* only after a stop */
    json_int_t rr[5] = {0};
    if (ok && resume)
        ok = json_unpack(resume, "{s:I, s:I, s:I, s:I, s:I}", "rows", &rr[0], "created", &rr[1],
                         "updated", &rr[2], "skipped", &rr[3], "invalid", &rr[4]) == 0;
    if (ok) {
        out->resume = (struct import_resume){rr[0], rr[1], rr[2], rr[3], rr[4]};
        out->file = *file ? arena_strdup(a, file) : NULL;
        out->path = arena_strdup(a, path);
        out->name = arena_strdup(a, name);
        out->format = (enum sheet_format)format;
        out->encoding = (enum sheet_encoding)encoding;
        out->dry_run = dry_run != 0;
        out->english = json_is_true(json_object_get(p, "english"));
        out->mode = (enum import_mode)mode;
        out->dups = (enum import_dups)dups;
    }
    json_decref(p);
    return ok;
}

char *import_json_table_params(const char *file, const char *name, bool dry_run, bool english)
{
    json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "file", file, "name", name ? name : "", "dry_run",
                          dry_run, "english", english);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

bool import_json_table_params_read(struct arena *a, const char *text, const char **file,
                                   bool *dry_run, bool *english)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);
    const char *f = json_string_value(json_object_get(o, "file"));
    *file = f ? arena_strdup(a, f) : NULL;
    *dry_run = json_is_true(json_object_get(o, "dry_run"));
    *english = json_is_true(json_object_get(o, "english"));
    json_decref(o);
    return *file != NULL;
}

char *import_json_table_summary(const struct table_result *r)
{
    json_t *errors = json_array();
    for (int i = 0; i < r->nerrors; i++) {
        const struct table_error *e = &r->errors[i];
        json_array_append_new(errors,
                              json_pack("{s:I, s:s, s:s, s:s, s:s}", "row", (json_int_t)e->row,
                                        "column", e->column, "field", e->field, "message_zh",
                                        e->msg_zh, "message_en", e->msg_en));
    }
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o}", "format",
                          r->format ? r->format : "", "rows", (json_int_t)r->rows, "valid",
                          (json_int_t)r->valid, "invalid", (json_int_t)r->invalid, "skipped",
                          (json_int_t)r->skipped, "created", (json_int_t)r->created, "updated",
                          (json_int_t)r->updated, "imported", r->imported, "errors", errors);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}
