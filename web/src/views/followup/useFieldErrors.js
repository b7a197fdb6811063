// The errors shown at a form's fields ({field: error}, as serverErrors and problems give them),
// each dropped once the user changes that field — a changed value is no longer the one refused.
// The form's own line ('_') stays until the next send.
import { ref, watch } from 'vue'

/**
 * form: the reactive form; fields: {formKey: field or [fields]} — the fields whose errors a change
 * of formKey drops (as the server names them).
 */
export function useFieldErrors(form, fields) {
  const errs = ref({})
  for (const [key, field] of Object.entries(fields)) {
    const drop = Array.isArray(field) ? field : [field]
    watch(() => form[key], () => {
      if (!drop.some((f) => errs.value[f])) return
      const left = { ...errs.value }
      for (const f of drop) delete left[f]
      errs.value = left
    })
  }
  return errs
}
