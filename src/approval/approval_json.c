#include "approval/approval_json.h"

#include <jansson.h>

bool approval_json_is_object(const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    bool obj = json_is_object(o);
    json_decref(o);
    return obj;
}
