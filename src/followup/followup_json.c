#include "followup/followup_json.h"

#include <jansson.h>
#include <stdlib.h>

#include "followup/interaction_import.h"

const char *followup_json_visit(struct arena *a, int64_t customer_id, const char *objective,
                                int64_t planned_at)
{
    json_t *o = json_pack("{s:I, s:s, s:I}", "customer_id", (json_int_t)customer_id, "objective",
                          objective ? objective : "", "planned_at", (json_int_t)planned_at);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    const char *out = arena_strdup(a, text ? text : "");
    free(text);
    return out;
}

bool followup_json_visit_read(struct arena *a, const char *text, int64_t *customer_id,
                              const char **objective, int64_t *planned_at)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);
    json_t *c = json_object_get(o, "customer_id"), *ob = json_object_get(o, "objective"),
           *p = json_object_get(o, "planned_at");
    bool ok = json_is_integer(c) && json_is_string(ob) && json_is_integer(p);
    if (ok) {
        *customer_id = json_integer_value(c);
        *objective = arena_strdup(a, json_string_value(ob));
        *planned_at = json_integer_value(p);
    }
    json_decref(o);
    return ok;
}

const char *followup_json_minutes(struct arena *a, int64_t interaction_id)
{
    json_t *o = json_pack("{s:I}", "interaction_id", (json_int_t)interaction_id);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    const char *out = arena_strdup(a, text ? text : "");
    free(text);
    return out;
}

bool followup_json_minutes_read(const char *text, int64_t *interaction_id)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);
    json_t *v = json_object_get(o, "interaction_id");
    bool ok = json_is_integer(v) && json_integer_value(v) > 0;
    if (ok)
        *interaction_id = json_integer_value(v);
    json_decref(o);
    return ok;
}

char *followup_json_import_params(const char *file, const char *name, bool dry_run, bool english)
{
    json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "file", file, "name", name ? name : "", "dry_run",
                          dry_run, "english", english);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

bool followup_json_import_params_read(struct arena *a, const char *text, const char **file,
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

char *followup_json_import_summary(const struct interaction_import_result *r)
{
    json_t *errors = json_array();
    for (int i = 0; i < r->nerrors; i++) {
        const struct interaction_import_error *e = &r->errors[i];
        json_array_append_new(errors,
                              json_pack("{s:I, s:s, s:s, s:s, s:s}", "row", (json_int_t)e->row,
                                        "column", e->column, "field", e->field, "message_zh",
                                        e->msg_zh, "message_en", e->msg_en));
    }
    json_t *o =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:o}", "format", r->format ? r->format : "",
                  "rows", (json_int_t)r->rows, "valid", (json_int_t)r->valid, "invalid",
                  (json_int_t)r->invalid, "skipped", (json_int_t)r->skipped, "created",
                  (json_int_t)r->created, "imported", r->imported, "errors", errors);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}
