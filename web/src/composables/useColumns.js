// Which columns of a list's table the user shows, kept per user in this
// browser (localStorage "kehu.columns.<list>.<user id>"; docs/DECISIONS.md §55):
// a choice of layout, not data, so it needs no server round trip, and another
// person signing in on the same computer keeps their own.
//
//   const cols = useColumns({ list: 'customers', all: ['code', 'name', …], always: ['name'], user: () => id })
//   cols.shown.value     // the keys to show, in the order of `all`
//   cols.toggle('company', false); cols.reset()
import { computed, ref, watch } from 'vue'

const PREFIX = 'kehu.columns.'

function storage() {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null
  } catch (e) {
    return null // storage disabled: the choice lasts for the page
  }
}

export function useColumns({ list, all, always = [], defaults = all, user = () => '' }) {
  const hidden = ref([])
  const key = () => PREFIX + list + '.' + (user() || 'anon')

  function read() {
    const st = storage()
    let saved
    try { saved = st && JSON.parse(st.getItem(key()) || 'null') } catch (e) { saved = null }
    hidden.value = Array.isArray(saved) ? saved.filter((k) => all.includes(k) && !always.includes(k))
      : all.filter((k) => !defaults.includes(k))
  }

  function save() {
    const st = storage()
    if (st) st.setItem(key(), JSON.stringify(hidden.value))
  }

  /** Show (on = true) or hide a column; columns in `always` stay. */
  function toggle(col, on) {
    if (always.includes(col) || !all.includes(col)) return
    hidden.value = on ? hidden.value.filter((k) => k !== col) : [...new Set([...hidden.value, col])]
    save()
  }

  /** Back to the list's default columns. */
  function reset() {
    const st = storage()
    if (st) st.removeItem(key())
    read()
  }

  watch(user, read, { immediate: true })
  const shown = computed(() => all.filter((k) => !hidden.value.includes(k)))
  return { shown, toggle, reset }
}
