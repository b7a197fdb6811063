// Capability modules: every folder src/views/<area>/ with a module.js is one
// capability's UI. Its module.js exports
//
//   name      unique name, e.g. "customers"
//   order     place of its menu entries among the modules' (smaller first)
//   routes    vue-router child routes of the main layout; meta.perm (a permission
//             name, or an array meaning any-of) and meta.scope (a record scope the
//             user must see some of) say who may enter — see access.js
//   menu      entries { path, label (i18n key), icon (Element Plus icon name),
//             perm, scope, order, sub (indented under the one above), test (data-test),
//             home (a rank: the user lands on the home entry of the smallest rank they
//             may open — see store.js homeRoute) };
//             perm and scope default to those of the module route with that path
//   messages  { 'zh-CN': {...}, en: {...} }: the i18n namespaces the module owns
//
// Adding a capability's UI is adding a folder with a module.js; nothing here or in
// the router, menu or i18n setup changes. This file only collects and checks.

const LOCALES = ['zh-CN', 'en']

function fail(file, msg) {
  throw new Error(`capability module ${file}: ${msg}`)
}

function checkModule(file, m) {
  if (!m || typeof m.name !== 'string' || !m.name) fail(file, 'needs a name')
  for (const k of ['routes', 'menu']) {
    if (m[k] !== undefined && !Array.isArray(m[k])) fail(file, `${k} must be an array`)
  }
  if (m.order !== undefined && !Number.isFinite(m.order)) fail(file, 'order must be a number')
  for (const e of m.menu || []) {
    if (typeof e.path !== 'string' || !e.path.startsWith('/')) fail(file, 'a menu entry needs an absolute path')
    if (typeof e.label !== 'string' || !e.label) fail(file, `menu entry ${e.path} needs a label key`)
  }
  return {
    file,
    name: m.name,
    order: m.order ?? 1000,
    routes: m.routes || [],
    menu: m.menu || [],
    messages: m.messages || {},
  }
}

/**
 * Modules from an import.meta.glob result ({ file: namespace }), checked and
 * sorted by order, then name. Throws on a malformed module or a repeated name.
 */
export function collectModules(globbed) {
  const mods = Object.entries(globbed).map(([file, ns]) => checkModule(file, ns && ns.name ? ns : ns && ns.default))
  const seen = new Map()
  for (const m of mods) {
    if (seen.has(m.name)) fail(m.file, `name "${m.name}" is also used by ${seen.get(m.name)}`)
    seen.set(m.name, m.file)
  }
  return mods.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
}

/** Child routes of the main layout from all modules; route names must be unique. */
export function buildRoutes(mods) {
  const names = new Set()
  const out = []
  for (const m of mods) {
    for (const r of m.routes) {
      if (r.name) {
        if (names.has(r.name)) fail(m.file, `route name "${r.name}" is used twice`)
        names.add(r.name)
      }
      out.push(r)
    }
  }
  return out
}

const samePerm = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Menu entries of all modules in display order (module order, then entry order).
 * An entry takes perm and scope from the module's route with the same path
 * unless it names them; naming different ones is an error, so that a menu entry
 * never leads to a page its route would refuse.
 */
export function buildMenu(mods) {
  const out = []
  mods.forEach((m, mi) => {
    const byPath = new Map(m.routes.map((r) => ['/' + String(r.path).replace(/^\//, ''), r]))
    m.menu.forEach((e, ei) => {
      const meta = (byPath.get(e.path) || {}).meta || {}
      for (const k of ['perm', 'scope']) {
        if (e[k] !== undefined && meta[k] !== undefined && !samePerm(e[k], meta[k])) {
          fail(m.file, `menu entry ${e.path} needs ${k} ${JSON.stringify(e[k])}, its route ${JSON.stringify(meta[k])}`)
        }
      }
      const entry = { ...e, perm: e.perm ?? meta.perm, scope: e.scope ?? meta.scope, sub: !!e.sub, module: m.name }
      out.push({ entry, key: [mi, e.order ?? 0, ei] })
    })
  })
  out.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
  return out.map((x) => x.entry)
}

/**
 * vue-i18n messages: the central ones (shared keys) plus each module's. A module
 * owns whole top-level namespaces; one claimed twice is an error.
 */
export function mergeMessages(base, mods) {
  const out = {}
  const owner = {}
  for (const loc of LOCALES) {
    out[loc] = { ...(base[loc] || {}) }
    for (const ns of Object.keys(out[loc])) owner[loc + ':' + ns] = 'the central messages'
  }
  for (const m of mods) {
    for (const loc of LOCALES) {
      for (const [ns, v] of Object.entries(m.messages[loc] || {})) {
        const k = loc + ':' + ns
        if (owner[k]) fail(m.file, `i18n namespace "${ns}" (${loc}) also comes from ${owner[k]}`)
        owner[k] = m.file
        out[loc][ns] = v
      }
    }
  }
  return out
}

/** The modules of this build. Each module.js is small: its pages load lazily. */
export const modules = collectModules(import.meta.glob('./views/*/module.js', { eager: true }))
export const layoutRoutes = buildRoutes(modules)
export const menu = buildMenu(modules)
