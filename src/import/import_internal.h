#ifndef KH_IMPORT_IMPORT_INTERNAL_H
#define KH_IMPORT_IMPORT_INTERNAL_H

/* Shared between the import capability's files. */

#include "customer/customer.h"
#include "import/import.h"

/* One column's target. */
enum import_target {
    T_IGNORE = 0,
    T_NAME,
    T_KIND,
    T_GENDER,
    T_BIRTHDAY,
    T_MOBILE,
    T_PHONE_OFFICE,
    T_PHONE_HOME,
    T_EMAIL,
    T_PROVINCE,
    T_CITY,
    T_DISTRICT,
    T_ADDRESS,
    T_COMPANY,
    T_COMPANY_ADDRESS,
    T_POSITION,
    T_ID_NUMBER,
    T_USCC,
    T_CREDIT,
    T_CATEGORY,
    T_GRADE,
    T_VALUE_TIER,
    T_STAGE,
    T_INDUSTRY,
    T_SOURCE,
    T_TAGS,
    T_NOTES,
    T_OWNER,
    T_TEMPLATES,
    T_CONTACT_NAME,
    T_CONTACT_RELATION,
    T_CONTACT_MOBILE,
    T_CONTACT_POSITION,
    T_CODE,
    T_COLLECTOR,
    T_BRANCH,
    T_COLLECTED_ON,
    T_PREFERRED_CHANNEL,
    T_CUSTOM,
    T_COUNT
};

struct import_colmap {
    enum import_target target;
    const struct custom_field *custom; /* T_CUSTOM */
    const char *header;
    const char *field_name; /* "name", "custom.native_place" */
};

/* The field name of a target ("name", "province", ...). */
const char *import__target_name(enum import_target t);
/* Find a target by field name ("mobile", "custom.x"); T_IGNORE if unknown. */
enum import_target import__target_by_field(const char *field, const struct custom_field *defs,
                                           int ndefs, const struct custom_field **custom);
/* Default header match (Chinese/English names, custom labels and keys). */
enum import_target import__target_by_header(const char *header, const struct custom_field *defs,
                                            int ndefs, const struct custom_field **custom);

/* A built-in synonym: in choice set set, from (as normalize_compact leaves it) means value. */
struct import_synonym {
    int set;
    const char *from, *value;
};
/* The built-in synonyms (for tests). */
const struct import_synonym *import__synonyms(size_t *n);

/* The choice set (KH_CHOICE_*) of a target, or -1 when its values are not a choice. */
int import__choice_set(enum import_target t);
/*
 * The allowed value of set that text stands for, or NULL: a value or its
 * label, ignoring case, spaces and full-width forms (*how "exact"), or a
 * built-in synonym ("网络" for 互联网; *how "synonym").
 */
const char *import__choice_match(int set, const char *text, const char **how);
/* The option of custom choice field f that text stands for (ignoring case, spaces, full-width), or
 * NULL. */
const char *import__custom_match(const struct custom_field *f, const char *text, const char **how);
/* Whether a custom field takes options (choice, multi_choice): its values can be mapped. */
bool import__custom_is_choice(const struct custom_field *f);
/* The items of a list cell, split at , ; 、 ， ； and trimmed (empty items left out). */
/* The user's mapping of text in the column of field, or NULL when it has none. */
const char *import__value_mapped(const struct import_value_map *m, int n, const char *field,
                                 const char *text);

/*
 * Error file: one xlsx of the bad rows with their reasons, written to a
 * writer of the file store fs. Without a store (fs NULL) *out is NULL and
 * rows go nowhere.
 */
#endif
