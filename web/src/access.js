// What a signed-in user may open: the server's answer (GET /auth/me: permissions
// and scopes) against a requirement written in a capability module.
// These functions hold no permission rules of their own; a route's meta or a menu
// entry names what it needs, the server says what the user has.
//
// A requirement is { perm, scope }, both optional:
//   perm  — a permission name, or an array meaning any one of them;
//   scope — the name of a record scope (e.g. "customers"); the user needs a scope
//           other than "none" there, i.e. sees at least some of those records.

/** The user's scope for records of `name`: "all", "own", … or "none". */
export function scopeOf(user, name) {
  if (!user) return 'none'
  // Servers that know several scopes answer { scopes: { customers: "all", … } }.
  if (user.scopes && typeof user.scopes === 'object') return user.scopes[name] || 'none'
  // Older servers answer one `scope`: the only record scope they have.
  return user.scope || 'none'
}

/** True when `perm` (a name, or an array meaning any-of) is among the user's permissions. */
export function hasPermission(user, perm) {
  if (perm === undefined || perm === null || perm === '') return true
  const have = (user && user.permissions) || []
  if (Array.isArray(perm)) return perm.some((p) => have.includes(p))
  return have.includes(perm)
}

/** True when a signed-in user meets a requirement { perm, scope } (a missing one always). */
export function allows(user, req) {
  if (!user) return false
  if (!req) return true
  if (!hasPermission(user, req.perm)) return false
  if (req.scope && scopeOf(user, req.scope) === 'none') return false
  return true
}

/** May the user enter a resolved route? Every matched record's meta must allow it. */
export function allowsRoute(user, route) {
  const matched = (route && route.matched) || []
  return matched.every((r) => allows(user, r.meta))
}

/** Menu entries the user may see, in menu order. */
export function visibleMenu(menu, user) {
  return menu.filter((e) => allows(user, e))
}

/** Landing path: the first menu entry the user may see, or null when there is none. */
export function landingPath(menu, user) {
  const e = menu.find((x) => allows(user, x))
  return e ? e.path : null
}

/**
 * Home path: among the menu entries marked as a home (`home`: a rank, the smaller first — a
 * salesperson's "my day" before the customer list), the first the user may open; null when
 * none is theirs.
 */
export function homePath(menu, user) {
  const homes = menu.filter((x) => Number.isFinite(x.home) && allows(user, x)).sort((a, b) => a.home - b.home)
  return homes.length ? homes[0].path : null
}
