// The print endpoints (docs/API.md "Print", R-PLT-7): a record as a printable HTML document,
// and the same document as a PDF. Every view is audited by the server; a record the user may
// not see answers 404.
import { api, download } from '../../api.js'
import { pdfApiPath, printApiPath } from './print.js'

/** The printed document: {kind, id, title, secrecy, html} (html: server-escaped, with its print CSS). */
export const getPrintDoc = (kind, id) => api.get(printApiPath(kind, id))
/** Download the document as a PDF (the browser saves it); resolves the file name. */
export const downloadPrintPdf = (kind, id, fallbackName) => download(pdfApiPath(kind, id), fallbackName)
