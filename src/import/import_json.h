#ifndef KH_IMPORT_IMPORT_JSON_H
#define KH_IMPORT_IMPORT_JSON_H

/* jansson <-> struct codec of the import capability. */

#include <jansson.h>

#include "import/import.h"

/* The job summary of an import or preview. */
json_t *import_json_result(const struct import_result *r, bool english);
/* The summary as JSON text (malloc'ed) for a job record. */
char *import_json_summary(const struct import_result *r);
/* A mapping object {"header": "field"} as entries (in arena); false if not an object of strings. */
bool import_json_mapping_from(struct arena *a, json_t *o, struct import_map **out, int *n);
json_t *import_json_mapping_to(const struct import_map *m, int n);
/*
 * A value mapping {"source": {"网络": "internet"}} as entries (in arena);
 * false if not an object of objects of strings.
 */
bool import_json_values_from(struct arena *a, json_t *o, struct import_value_map **out, int *n);
json_t *import_json_values_to(const struct import_value_map *m, int n);
char *import_json_values_encode(const struct import_value_map *m, int n);
bool import_json_values_decode(struct arena *a, const char *text, struct import_value_map **out,
                               int *n);
/* A job's parameters (the options but their progress callback) as JSON text (malloc'ed). */
char *import_json_params(const struct import_options *o);
/* Parameters back (strings in a); false when text is not what import_json_params made. */
bool import_json_params_decode(struct arena *a, const char *text, struct import_options *out);
/* Stored mapping text <-> entries. */
char *import_json_mapping_encode(const struct import_map *m, int n);
bool import_json_mapping_decode(struct arena *a, const char *text, struct import_map **out, int *n);

/* A table import's job parameters, and read back (false: malformed; strings in a). */
char *import_json_table_params(const char *file, const char *name, bool dry_run, bool english);
bool import_json_table_params_read(struct arena *a, const char *text, const char **file,
                                   bool *dry_run, bool *english);
/* A refused row of a table import, and the run's outcome (its job summary, malloc'ed). */
struct table_error {
    int64_t row;
    const char *column, *field, *msg_zh, *msg_en;
};
struct table_result {
    const char *format;
    int64_t rows, valid, invalid, skipped, created, updated;
    bool imported;
    const struct table_error *errors; /* the first TABLE_IMPORT_ERRORS */
    int nerrors;
};
char *import_json_table_summary(const struct table_result *r);

#endif
