// The form and flow that the dialogs filing a request or recording a reasoned action share (the
// request dialogs of access, export and destruction, the second person's approval, checking out
// files, reporting a leak): their text fields (a reason, a purpose, a summary …) and the checks
// these take, the submit with its loading state, the server's refusal placed by the field it
// names, and the answer kept for the end view. RequestDialog.vue shows it.
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'

/**
 * The checks of the dialog's text fields, as the fields describe them: {key: [messageKey,
 * params]} for a required field left empty (requiredKey, else 'common.required') and, where the
 * field names a tooLongKey, one longer than max characters (params {max, n}); {} when none fails.
 */
export function textErrors(form, fields) {
  const errs = {}
  for (const f of fields || []) {
    const s = String((form || {})[f.key] ?? '').trim()
    if (!s) {
      if (f.required) errs[f.key] = [f.requiredKey || 'common.required', {}]
    } else if (f.tooLongKey && f.max && [...s].length > f.max) {
      errs[f.key] = [f.tooLongKey, { max: f.max, n: f.max }]
    }
  }
  return errs
}

/**
 * Where the server's refusal shows: {place: message}, place as fieldOf gives it for each field
 * error (a function of the field's name, or the list of the places the form has: another field,
 * or none, is '_', the general error line). The first message for a place is kept.
 */
export function placeErrors(e, fieldOf) {
  const place = typeof fieldOf === 'function' ? fieldOf : (f) => (f && (fieldOf || []).includes(f) ? f : '_')
  const err = e || {}
  const list = err.errors && err.errors.length ? err.errors : [{ field: err.field, message: err.message }]
  const out = {}
  for (const x of list) {
    const k = place(x.field)
    if (!out[k]) out[k] = x.message
  }
  return out
}

/**
 * The state of a request dialog, handed to RequestDialog as its `state`.
 * - fields: the text fields, in order: {key, label, hint, required, max, rows (a textarea when
 *   set), requiredKey, tooLongKey}; labels and hints are message keys.
 * - initial(): the form's values when the dialog opens (the text fields and the dialog's own).
 * - validate(form): the dialog's own checks, {place: messageKey or [messageKey, params]} (these
 *   win over the fields' own); params: those of a message key given alone.
 * - send(form): files it; what it resolves to is kept as `done` (the end view shows it).
 * - fieldOf: where a server's field error shows (see placeErrors); the fields' keys by default.
 * - onOpen(): what else the dialog does when it opens (load its choices).
 */
export function useRequestForm({ fields = [], initial = () => ({}), validate, params = {}, send, fieldOf, onOpen, t } = {}) {
  const tr = t || useI18n().t
  const form = reactive(initial())
  const errs = reactive({})
  const busy = ref(false)
  const done = ref(null)

  function clear() { for (const k of Object.keys(errs)) delete errs[k] }
  function reset() {
    clear()
    Object.assign(form, initial())
    done.value = null
    if (onOpen) onOpen()
  }
  function set(key, value) { form[key] = value }

  async function submit() {
    if (busy.value) return
    clear()
    const bad = {}
    const problems = { ...textErrors(form, fields), ...(validate ? validate(form) : {}) }
    for (const [k, p] of Object.entries(problems)) bad[k] = Array.isArray(p) ? tr(p[0], p[1]) : tr(p, params)
    if (Object.keys(bad).length) {
      Object.assign(errs, bad)
      return
    }
    busy.value = true
    try {
      done.value = await send(form)
    } catch (e) {
      Object.assign(errs, placeErrors(e, fieldOf || fields.map((f) => f.key)))
    } finally { busy.value = false }
  }

  return reactive({ fields, form, errs, busy, done, reset, set, submit })
}
