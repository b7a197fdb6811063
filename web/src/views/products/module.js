// The product catalogue 产品目录 (issue 14): what opportunities, orders and contracts name. The
// selling, customer-archive and management roles read it (product.read); the general manager, sales managers and the
// administrator add, change, deactivate and import products (product.manage).
const ProductsPage = () => import('./ProductsPage.vue')
const ProductImportPage = () => import('./ProductImportPage.vue')

export const perms = {
  /** Reading the catalogue. */
  read: 'product.read',
  /** Adding, changing, deactivating and importing products. */
  manage: 'product.manage',
}

export const name = 'products'
// After the communication plans (22), before the audit (30): selling's master data.
export const order = 25

export const routes = [
  { path: 'products', name: 'products', component: ProductsPage, meta: { perm: perms.read } },
  { path: 'products/import', name: 'product-import', component: ProductImportPage, meta: { perm: perms.manage } },
]

export const menu = [
  { path: '/products', label: 'products.nav', icon: 'Goods', test: 'nav-products' },
  { path: '/products/import', label: 'products.imp.nav', icon: 'Upload', sub: true, test: 'nav-product-import' },
]

export const messages = {
  'zh-CN': {
    products: {
      nav: '产品目录', title: '产品目录',
      intro: '商机、订单和合同所用的产品。停用的产品不再出现在选择列表中，已有记录不受影响。',
      add: '新增产品', edit: '修改', deactivate: '停用', activate: '启用', search: '编码、名称或型号',
      allCategories: '全部类别', states: { active: '在用', inactive: '已停用', all: '全部' },
      col: { code: '编码', name: '名称', model: '型号', category: '类别', unit: '单位', price: '单价（元）', warranty: '保修期（月）', state: '状态' },
      deactivateAsk: '停用“{name}”？停用后不再出现在选择列表中。',
      deactivated: '已停用', activated: '已启用', saved: '已保存',
      form: {
        titleNew: '新增产品', titleEdit: '修改产品', code: '产品编码', codeHint: '字母、数字或 - _ . /，保存为大写',
        name: '产品名称', model: '型号', category: '类别', unit: '单位', unitHint: '如：台、件、套',
        price: '单价（元）', warranty: '保修期（月）', save: '保存', cancel: '取消',
      },
      err: {
        required: '请填写', tooLong: '太长了', code: '编码为 1 到 40 位字母、数字或 - _ . /',
        price: '请填写以元计的金额，最多两位小数', warranty: '保修期为 0 到 600 的整数（月）',
      },
      imp: {
        nav: '导入产品', title: '导入产品',
        intro: '从 Excel（.xlsx）或 CSV 文件导入产品目录，按产品编码：新编码新增，已有编码按文件更新（空单元格保留原值）。先预览检查（不写入），再导入正确的行；有问题的行连同原因放进错误文件。',
        columns: '列：产品编码、产品名称；可选：型号、类别、单位、单价（元，如 1280.50）、保修期（月）、状态（在用/停用）。',
      },
    },
  },
  en: {
    products: {
      nav: 'Products', title: 'Product catalogue',
      intro: 'The products opportunities, orders and contracts name. A deactivated product leaves the pickers; records that name it keep it.',
      add: 'New product', edit: 'Edit', deactivate: 'Deactivate', activate: 'Activate', search: 'Code, name or model',
      allCategories: 'All categories', states: { active: 'Active', inactive: 'Deactivated', all: 'All' },
      col: { code: 'Code', name: 'Name', model: 'Model', category: 'Category', unit: 'Unit', price: 'Price (yuan)', warranty: 'Warranty (months)', state: 'State' },
      deactivateAsk: 'Deactivate "{name}"? It will no longer be offered in pickers.',
      deactivated: 'Deactivated', activated: 'Activated', saved: 'Saved',
      form: {
        titleNew: 'New product', titleEdit: 'Edit the product', code: 'Product code', codeHint: 'Letters, digits or - _ . /, kept upper-case',
        name: 'Product name', model: 'Model', category: 'Category', unit: 'Unit', unitHint: 'e.g. piece, set, unit',
        price: 'Price (yuan)', warranty: 'Warranty (months)', save: 'Save', cancel: 'Cancel',
      },
      err: {
        required: 'Required', tooLong: 'Too long', code: 'The code is 1 to 40 letters, digits or - _ . /',
        price: 'An amount in yuan with at most two decimals', warranty: 'The warranty is a whole number of months, 0 to 600',
      },
      imp: {
        nav: 'Import products', title: 'Import products',
        intro: 'Import the catalogue from an Excel (.xlsx) or CSV file, by product code: a new code is added, a known one is updated from the file (an empty cell keeps the value). Preview first (every row checked, nothing written), then import the valid rows; the others go to an error file with their reasons.',
        columns: 'Columns: product code, product name; optional: model, category, unit, price (yuan, e.g. 1280.50), warranty (months), state (active or inactive).',
      },
    },
  },
}
