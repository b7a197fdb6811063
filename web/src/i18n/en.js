// Strings shared by every page. Each capability keeps its own in its module.js
// (src/views/<area>/); see src/modules.js.
export default {
  attach: { title: 'Attachments', none: 'No attachments', add: 'Attach a file', uploading: 'Uploading…', remove: 'Delete', removeConfirm: 'Delete the attachment "{name}"?', removed: 'Attachment deleted', added: 'Attached "{name}"', hint: 'PDF, images, Office documents, recordings or text (the administrator sets the largest size)', loadFailed: 'Cannot read the attachments: {msg}' },
  app: { name: '客户 Kehu', short: 'Kehu' },
  birthday: { solar: 'Solar', lunar: 'Lunar', year: 'Year', month: 'Month', day: 'Day', leap: 'Leap month',
    monthNames: 'Month 1,Month 2,Month 3,Month 4,Month 5,Month 6,Month 7,Month 8,Month 9,Month 10,Month 11,Month 12',
    dayNames: 'day 1,day 2,day 3,day 4,day 5,day 6,day 7,day 8,day 9,day 10,day 11,day 12,day 13,day 14,day 15,day 16,day 17,day 18,day 19,day 20,day 21,day 22,day 23,day 24,day 25,day 26,day 27,day 28,day 29,day 30' },
  common: {
    listSep: ', ', labelSep: ': ', clauseSep: '; ', save: 'Save', cancel: 'Cancel', confirm: 'OK', close: 'Close', edit: 'Edit', delete: 'Delete', add: 'Add',
    create: 'Create', search: 'Search', reset: 'Reset', yes: 'Yes', no: 'No', loading: 'Loading…', none: 'None',
    next: 'Next', prev: 'Previous', actions: 'Actions', reload: 'Reload', back: 'Back', all: 'All',
    empty: 'No data', saved: 'Saved', deleted: 'Deleted', required: 'Required', refresh: 'Refresh',
    filters: 'Filters', moreFilters: 'More filters', lessFilters: 'Fewer filters', apply: 'Apply', clear: 'Clear',
    copy: 'Copy', copied: 'Copied', active: 'Active', inactive: 'Inactive', unknown: 'Unknown', to: 'to',
    startDate: 'Start date', endDate: 'End date', confirmDelete: 'Delete this item?', menu: 'Menu', other: 'Other',
    yuan: 'yuan', region: 'Province / city / district', passwordMin: 'The new password needs at least 12 characters',
  },
  // The sheet import of a capability (components/SheetImport.vue): interactions, products ...
  sheetImport: {
    choose: 'Choose a file', preview: 'Preview', import: 'Import', previewTitle: 'Preview (nothing written)', doneTitle: 'Import result',
    rows: 'Rows', valid: 'Valid', invalid: 'With errors', skipped: 'There already (skipped)', created: 'Added', updated: 'Updated', errorFile: 'Download the error file', rowN: 'Row {n}',
  },
  list: { rangeOf: '{range} of {total}', perPage: '{n} per page', none: 'None' },
  lang: { label: 'Language', zh: '中文', en: 'English' },
  role: { label: 'Role' },
  err: {
    network: 'Cannot reach the server', unknown: 'The operation failed', forbidden: 'Not permitted', loadFailed: 'Loading failed',
  },
  secrecy: {
    field: 'Secrecy level', level: { normal: 'Normal', confidential: 'Confidential', top_secret: 'Top secret' },
    byRole: 'by role', custodian: 'Custodian', noCustodian: 'None named',
  },
  mask: {
    keepHint: 'Shown masked: left as it is, the number is kept; to change it, clear it and enter the full number', reveal: 'Show', revealTitle: 'Show the full number (recorded in who saw this)', revealed: 'The full number is shown; this view is recorded',
  },
  notFound: { title: 'Page not found', back: 'Back to start' },
  home: {
    nothing: 'No functions are available to your account yet. Ask an administrator to give you a role.',
    welcome: 'Hello, {name}', role: 'Your role: {role}', canDo: 'What you can use here',
    notYetTitle: "Your role's functions are not available yet",
    notYet: 'The functions of the role “{role}” (such as service tickets, repairs, payments or complaints) are not in Kehu yet, so there is no page for you to open and no customer records to see. They will appear in the menu when they arrive; to see customers now, ask an administrator to change your role.',
    noCustomersTitle: 'You see no customer records',
    noCustomers: 'By design, the role “{role}” cannot see the customer archive; below is what your role can use.',
    noCustomersAdmin: 'By design, administrators see no customer data: the people who manage accounts, roles and settings are not the people who see customers (separation of duties). You can use the administration pages below.',
  },
}
