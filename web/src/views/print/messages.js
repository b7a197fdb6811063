// The texts of printing 打印 (R-PLT-7), the `print` namespace of the module's messages: zh-CN
// first, then English. The buttons on the order, contract and customer pages take theirs from
// here too (print.button).
export default {
  'zh-CN': {
    print: {
      back: '返回', print: '打印', pdf: '下载 PDF', pdfDone: 'PDF 已开始下载',
      loading: '正在生成打印文档…', notFound: '没有这份文档，或您无权查看',
      loadFailed: '无法生成打印文档：{msg}',
      hint: '打印时只输出下面的文档；请选择 A4 纸张。',
      button: {
        order: '打印', contract: '打印', statement: '打印对账单', customer: '打印档案',
      },
      customer: {
        running: '正在生成…', done: '客户档案 PDF 已生成，文件已开始下载',
      },
    },
  },
  en: {
    print: {
      back: 'Back', print: 'Print', pdf: 'Download PDF', pdfDone: 'The PDF download has started',
      loading: 'Preparing the document…', notFound: 'No such document, or you may not see it',
      loadFailed: 'The document could not be prepared: {msg}',
      hint: 'Printing puts out only the document below; choose A4 paper.',
      button: {
        order: 'Print', contract: 'Print', statement: 'Print statement', customer: 'Print file',
      },
      customer: {
        running: 'Preparing…', done: 'The customer file PDF is ready; the download has started',
      },
    },
  },
}
