#include "app/capabilities.h"

#include <stddef.h>

/*
 * Every capability of Kehu, in the order their routes are matched. A new
 * capability adds one line here; its registration (struct capability
 * <name>_capability) lives beside its routes in src/http/routes/.
 */
#define KH_CAPABILITIES(X)                                                                         \
    X(system)                                                                                      \
    X(sessions)                                                                                    \
    X(accounts)                                                                                    \
    X(approvals)                                                                                   \
    X(secrecy)                                                                                     \
    X(access)                                                                                      \
    X(loans)                                                                                       \
    X(handover)                                                                                    \
    X(leaks)                                                                                       \
    X(customers)                                                                                   \
    X(customer_settings)                                                                           \
    X(audit)                                                                                       \
    X(jobs)                                                                                        \
    X(imports)                                                                                     \
    X(exports)                                                                                     \
    X(backups)                                                                                     \
    X(encryption)                                                                                  \
    X(retention)                                                                                   \
    X(calendar)                                                                                    \
    X(followup)                                                                                    \
    X(complaints)                                                                                  \
    X(notify)                                                                                      \
    X(inspection)                                                                                  \
    X(commplan)                                                                                    \
    X(documents)                                                                                   \
    X(products)                                                                                    \
    X(opportunities)                                                                               \
    X(orders)                                                                                      \
    X(contracts)                                                                                   \
    X(develop)                                                                                     \
    X(print)

#define DECLARE(name) extern const struct capability name##_capability;
KH_CAPABILITIES(DECLARE)

#define ENTRY(name) &name##_capability,
const struct capability *const kh_capabilities[] = {KH_CAPABILITIES(ENTRY) NULL};
