#ifndef KH_CUSTOMER_CUSTOMER_JSON_H
#define KH_CUSTOMER_CUSTOMER_JSON_H

/*
 * jansson <-> struct codec of the customer capability: the API's customer
 * objects, and the JSON text of the document columns (tags, templates,
 * custom values, numbering rule, field options). Rules never see JSON; they
 * call these functions to turn values into text for storage.
 */

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "customer/customer.h"
#include "customer/customer_store.h"

/* JSON text (malloc'ed) of a string list / custom values / numbering rule. */
char *customer_json_strings_encode(const char *const *items, int n);
char *customer_json_custom_encode(const struct custom_value *v, int n);
char *customer_json_numbering_encode(const struct numbering_rule *rule);

/* Decode stored JSON text into arena memory; false on malformed text. */
bool customer_json_strings_decode(struct arena *a, const char *text, const char ***items, int *n);
bool customer_json_custom_decode(struct arena *a, const char *text, struct custom_value **out,
                                 int *n);
bool customer_json_numbering_decode(const char *text, struct numbering_rule *out);

/* Custom values from an API object {"key": value}; false if o is not an object. */
bool customer_json_custom_from(struct arena *a, json_t *o, struct custom_value **out, int *n);
/* A string array from the API; false (with *bad_index) on a non-string item. */
bool customer_json_strings_from(struct arena *a, json_t *arr, const char ***items, int *n);

/*
 * The API object of a customer, written as JSON text to b; full adds
 * templates and custom; times are shown in zone tz (the company's). Written
 * directly, not through jansson: a page of 50 customers is the API's most
 * frequent large answer.
 */
void customer_json_write(struct buf *b, const struct kh_tz *tz, const struct customer *c,
                         bool full);
/* The same without the closing brace, for answers that add members. */
void customer_json_write_open(struct buf *b, const struct kh_tz *tz, const struct customer *c,
                              bool full);
void customer_json_write_contact(struct buf *b, const struct contact *c);
json_t *customer_json_field(const struct custom_field *f);

/*
 * A profile template file (docs/API.md, "Profile template files"):
 * {"format":"kehu.profile_template","version":1,"template":{code,name_zh,
 * name_en},"fields":[{key,label_zh,label_en,type,options,required}]}.
 */
#define CUSTOMER_TEMPLATE_FILE_FORMAT "kehu.profile_template"
#define CUSTOMER_TEMPLATE_FILE_VERSION 1
json_t *customer_json_template_file(const struct profile_template *t,
                                    const struct custom_field *fields, int n);
/*
 * Read a template file into arena memory. VALIDATION names the part that
 * is missing or of the wrong type ("format", "version", "template.name_en",
 * "fields[2].options"); the values' rules are the domain's.
 */
KH_NODISCARD enum kh_status customer_json_template_file_from(struct arena *a, json_t *o,
                                                             struct profile_template *t,
                                                             struct custom_field **fields, int *n,
                                                             struct kh_err *err);

/* The "existing" object of a duplicate refusal, as JSON text into out. */
void customer_json_dup_detail(const struct customer_dup *hit, char *out, size_t cap);

/* A custom value as display text for field history ("", "是", "a、b"). */
char *customer_json_value_text(struct arena *a, const struct custom_value *v);

/*
 * A customer's fields from a JSON object (customer_input_json.c): the body
 * of a create or a change, or a change kept while it waits for approval.
 * Absent keys stay unset; strings point into o, lists are copies in a. A
 * value of the wrong type is KH_E_INVALID naming the field; values are
 * validated by customer_create / customer_update, not here.
 */
KH_NODISCARD enum kh_status customer_input_parse(struct arena *a, json_t *o,
                                                 struct customer_input *in, struct kh_err *err);
/* The same from JSON text; the strings are copies in a. */
KH_NODISCARD enum kh_status customer_input_parse_text(struct arena *a, const char *text,
                                                      struct customer_input *in,
                                                      struct kh_err *err);
/* True for a key customer_input_parse reads. */
bool customer_input_known_key(const char *key);
/* The fields in carries (not owner, branch or version) as JSON text (malloc'ed), or NULL. */
char *customer_input_dump(const struct customer_input *in);
/* The subject of a key-change request (R-ARC-12): customer, version, changed fields (malloc'ed). */
char *customer_json_key_change_subject(int64_t customer_id, int64_t version,
                                       const char *const *fields, int n);
/* Its customer and version; false when text is not such a subject. */
bool customer_json_key_change_read(const char *text, int64_t *customer_id, int64_t *version);

#endif
