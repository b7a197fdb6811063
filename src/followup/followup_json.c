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
