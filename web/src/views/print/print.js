// What the print pages decide on their own, as plain functions (tested in
// tests/unit/print.test.js): which records print, the print view's URL, the endpoints of a
// printed document and of its PDF, where "back" leads when there is no page to go back to,
// and the PDF's file name when the server names none.

/**
 * The records that print (R-PLT-7): an order and a contract by their id, a customer's
 * receivables statement 对账单 by the CUSTOMER's id. (A customer's file prints through the
 * customer-file export with the format pdf: it is personal data and needs approval, R-SEC-6.)
 */
export const PRINT_KINDS = ['order', 'contract', 'statement']

/** True for a kind the print view shows. */
export const isPrintKind = (kind) => PRINT_KINDS.includes(kind)

const idPart = (id) => encodeURIComponent(String(id))

/** The print view of a record: /print/order/12. */
export function printPath(kind, id) {
  return '/print/' + encodeURIComponent(kind) + '/' + idPart(id)
}

/** The API path of the printed document (GET → {kind, id, title, secrecy, html}). */
export function printApiPath(kind, id) {
  return '/print/' + encodeURIComponent(kind) + '/' + idPart(id)
}

/** The API path of the same document as a PDF rendered by the server. */
export function pdfApiPath(kind, id) {
  return printApiPath(kind, id) + '/pdf'
}

/** The page a printed record belongs to ("back" when the print view was opened directly). */
export function sourcePath(kind, id) {
  switch (kind) {
    case 'order': return '/orders/' + idPart(id)
    case 'contract': return '/contracts/' + idPart(id)
    case 'statement': return '/customers/' + idPart(id) + '?tab=receivables'
    default: return '/'
  }
}

/**
 * The PDF's file name when the server's answer names none: the document's title without the
 * characters file systems refuse, else the kind and id; always ending in .pdf.
 */
export function pdfFileName(doc, kind, id) {
  const title = [...String((doc && doc.title) || '')].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('').replace(/\s+/g, ' ').trim()
  const base = title || `${kind}-${id}`
  return /\.pdf$/i.test(base) ? base : base + '.pdf'
}
