#ifndef KH_FOLLOWUP_FOLLOWUP_JSON_H
#define KH_FOLLOWUP_FOLLOWUP_JSON_H

/* The JSON the follow-up capability keeps: the subjects of its approval requests. */

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

/* {"customer_id", "objective", "planned_at"}, in a. */
const char *followup_json_visit(struct arena *a, int64_t customer_id, const char *objective,
                                int64_t planned_at);
/* The same read back (strings in a); false when a member is missing or of the wrong type. */
bool followup_json_visit_read(struct arena *a, const char *text, int64_t *customer_id,
                              const char **objective, int64_t *planned_at);

/* {"interaction_id"}: the minutes a minutes.review request is about; read back (false: malformed).
 */
const char *followup_json_minutes(struct arena *a, int64_t interaction_id);
bool followup_json_minutes_read(const char *text, int64_t *interaction_id);

#endif
