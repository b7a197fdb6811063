// Helpers for custom (template) fields.
import { loc } from '../store.js'
import { i18n } from '../i18n/index.js'

/** Options may be plain strings or {value, zh, en} / {value, label_zh, label_en}. */
export function optionList(field) {
  return (field.options || []).map((o) => {
    if (o === null || typeof o !== 'object') return { value: o, label: String(o) }
    const value = o.value ?? o.key ?? o.code
    const label = loc(o) || o.label || String(value)
    return { value, label }
  })
}

export function fieldLabel(field) {
  return loc(field, 'label') || field.key
}

/** Human-readable value of a custom field. */
export function formatCustom(field, v) {
  const t = i18n.global.t
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return ''
  switch (field && field.type) {
    case 'money': return (Number(v) / 100).toFixed(2) + ' ' + t('common.yuan')
    case 'bool': return v ? t('common.yes') : t('common.no')
    case 'choice': {
      const o = optionList(field).find((x) => x.value === v)
      return o ? o.label : String(v)
    }
    case 'multi_choice': {
      const opts = optionList(field)
      return (Array.isArray(v) ? v : [v]).map((x) => (opts.find((o) => o.value === x) || { label: x }).label).join(t('common.listSep'))
    }
    default: return Array.isArray(v) ? v.join(t('common.listSep')) : String(v)
  }
}

/**
 * Fields of a template: from template.fields if given, otherwise custom fields with that template.
 * Retired fields are left out (forms), unless withRetired (showing the values a record kept).
 */
export function templateFields(tpl, allFields, { withRetired = false } = {}) {
  let list = Array.isArray(tpl.fields) && tpl.fields.length && typeof tpl.fields[0] === 'object'
    ? tpl.fields
    : (allFields || []).filter((f) => f.template === tpl.code)
  if (Array.isArray(tpl.fields) && tpl.fields.length && typeof tpl.fields[0] === 'string') {
    const keys = tpl.fields
    list = keys.map((k) => (allFields || []).find((f) => f.key === k)).filter(Boolean)
  }
  return [...list].filter((f) => withRetired || !f.retired).sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
}
