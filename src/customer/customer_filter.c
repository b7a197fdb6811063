/*
 * The customer list's filter table: every key GET /api/v1/customers, the
 * export's "filter" object and `kehu export` accept, what it holds, and
 * which index serves it (customer_store.c has the statements; migrations
 * 005 and 007 the indexes).
 *
 * A list walks the index of its order (customers_updated, customers_created,
 * customers_name, customers_grade ...; customers_owner when it is limited to
 * one owner; the search index when q is given). "in the list
 * indexes" marks a column that customers_updated, customers_created and
 * customers_owner carry: a non-matching entry is rejected there without
 * reading its row. Other filters are checked on the row.
 */
#include <stddef.h>

#include "app/list.h"
#include "customer/customer.h"

#define AT(m) offsetof(struct customer_filter, m)

_Static_assert(sizeof(enum customer_sort) == sizeof(int), "the list parser stores the sort as int");

static const struct list_field fields[] = {
    {"q", LIST_TEXT, LIST_OP_MATCH, AT(q), .max = 400,
     .index = "customer_search (db/db_search.h): the page starts from its matches"},
    {"kind", LIST_CHOICE, LIST_OP_EQ, AT(kind), .choice_set = KH_CHOICE_KINDS,
     .index = "in the list indexes"},
    {"category", LIST_CHOICE, LIST_OP_EQ, AT(category), .choice_set = KH_CHOICE_CATEGORIES,
     .index = "in the list indexes"},
    {"grade", LIST_CHOICE, LIST_OP_EQ, AT(grade), .choice_set = KH_CHOICE_GRADES,
     .index = "in the list indexes; customers_grade for sort=grade"},
    {"value_tier", LIST_CHOICE, LIST_OP_EQ, AT(value_tier), .choice_set = KH_CHOICE_VALUE_TIERS,
     .index = "in the list indexes"},
    {"stage", LIST_CHOICE, LIST_OP_EQ, AT(stage), .choice_set = KH_CHOICE_STAGES,
     .index = "in the list indexes"},
    {"industry", LIST_CHOICE, LIST_OP_EQ, AT(industry), .choice_set = KH_CHOICE_INDUSTRIES,
     .index = "checked on the row"},
    {"source", LIST_CHOICE, LIST_OP_EQ, AT(source), .choice_set = KH_CHOICE_SOURCES,
     .index = "in the list indexes"},
    {"credit_status", LIST_CHOICE, LIST_OP_EQ, AT(credit_status), .choice_set = KH_CHOICE_CREDIT,
     .index = "checked on the row"},
    {"tag", LIST_TEXT, LIST_OP_CONTAINS, AT(tag), .max = 100,
     .index = "customer_tags (migration 025): an index lookup of (tag, customer) per row"},
    {"owner_id", LIST_ID, LIST_OP_EQ, AT(owner_id),
     .index = "customers_owner (leads the walk in the default order)"},
    {"unowned", LIST_BOOL, LIST_OP_EQ, AT(unowned), .index = "checked on the row"},
    {"branch_id", LIST_ID, LIST_OP_EQ, AT(branch_id), .index = "checked on the row"},
    {"entry_late", LIST_BOOL, LIST_OP_EQ, AT(entry_late), .index = "checked on the row"},
    {"province_code", LIST_INT, LIST_OP_EQ, AT(province_code), .max = 999999,
     .index = "checked on the row"},
    {"city_code", LIST_INT, LIST_OP_EQ, AT(city_code), .max = 999999,
     .index = "checked on the row"},
    {"district_code", LIST_INT, LIST_OP_EQ, AT(district_code), .max = 999999,
     .index = "checked on the row"},
    {"created_from", LIST_DATE_RANGE, LIST_OP_RANGE, AT(created_from), .key_to = "created_to",
     .offset_to = AT(created_to),
     .index = "customers_created (its lead) for sort=created_at, else the row"},
    {"updated_from", LIST_DATE_RANGE, LIST_OP_RANGE, AT(updated_from), .key_to = "updated_to",
     .offset_to = AT(updated_to), .index = "customers_updated, customers_owner (their lead)"},
    {"archived", LIST_BOOL, LIST_OP_EQ, AT(archived), .all = true, .index = "in the list indexes"},
    {"retention", LIST_CHOICE, LIST_OP_RANGE, AT(retention), .choice_set = KH_CHOICE_RETENTION,
     .index = "due: archived and destroy_due_at <= now, checked on the row (R-SEC-7)"},
    {0},
};

/* By enum customer_sort: the names of sort=, and their default direction. */
static const struct list_sort sorts[] = {
    [SORT_CREATED] = {"created_at", true},
    [SORT_UPDATED] = {"updated_at", true},
    [SORT_NAME] = {"name", false},
    [SORT_CODE] = {"code", false},
    [SORT_GRADE] = {"grade", false},
    [SORT_NEWEST] = {"newest", true},
    {0},
};

/* Lists show the latest changes first; searches the newest records (no sort needed). */
static int default_sort(const void *filter)
{
    const struct customer_filter *f = filter;
    return f->q && *f->q ? SORT_NEWEST : SORT_UPDATED;
}

const struct list_spec customer_list_spec = {
    .name = "customers",
    .fields = fields,
    .sorts = sorts,
    .sort_offset = AT(sort),
    .desc_offset = AT(desc),
    .default_sort = default_sort,
    .choices = customer_choice_set,
};
