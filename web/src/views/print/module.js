// Printing 打印 (R-PLT-7): an order, a contract or a customer's receivables statement 对账单 as
// the server lays it out for paper — A4, page numbers, table headers repeated on every page, a
// watermark naming who printed it and when, its secrecy level — shown in a print view that
// prints nothing but the document, or downloaded as a PDF the server renders. The buttons that
// open it sit on the order, the contract and the customer's receivables tab (PrintButton). A
// customer's file prints through the customer-file export (format pdf), which needs approval
// (R-SEC-6): that button is the customer page's.
import printMessages from './messages.js'
import { PRINT_KINDS } from './print.js'

const PrintView = () => import('./PrintView.vue')

export const name = 'print'
// No menu entry: the view opens from the records' pages.
export const order = 90

// Any signed-in user: the server decides per record (404 for one the user may not see).
export const routes = [
  { path: `print/:kind(${PRINT_KINDS.join('|')})/:id(\\d+)`, name: 'print', component: PrintView, props: true, meta: {} },
]

export const menu = []

export const messages = printMessages
