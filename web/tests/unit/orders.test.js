// The order pages' own decisions (src/views/orders/orders.js): a line's amount and the order's
// total in whole fen, the checks before an order is sent, the bodies of a new order, a change, a
// delivery and a cancellation, where a refusal of the lines shows, and the messages they name.
import { describe, expect, it } from 'vitest'
import {
  FILTERS, MAX, STATES, changeBody, createBody, deliverBody, emptyForm, formOf, lineFen, lineOf, linesBody, newLine, orderQuery,
  orderTotal, pickProduct, problemMessage, problems, refusedLine, stateType, totalComplete, validate, validateCancel, yuanInput,
} from '../../src/views/orders/orders.js'
import { messages } from '../../src/views/orders/module.js'

const A1 = { id: 1, code: 'JS-A1', name: '净水器 A1', unit: '台', price_fen: 128000 }
const line = (x) => ({ ...newLine(x.kind || 'product'), ...x })
const customer = { id: 12, code: 'KH0012', name: '上海某某' }

describe('orders', () => {
  it('R-DEV-5: an order line is quantity × price − discount, in whole fen', () => {
    expect(lineFen(line({ productId: 1, quantity: 2, price: '1280', discount: '50' }))).toBe(251000)
    expect(lineFen(line({ kind: 'text', description: '安装费', quantity: '1', price: '0.29' }))).toBe(29)
    // amounts that floating-point yuan would get wrong: 3 × 0.1 yuan is 30 fen exactly
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 3, price: '0.10' }))).toBe(30)
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 7, price: '1,288.57', discount: '0.99' }))).toBe(7 * 128857 - 99)
    // no discount typed is none
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 1, price: '5', discount: ' ' }))).toBe(500)
    // not worked out while a quantity or an amount is wrong
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 0, price: '5' }))).toBe(null)
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 1.5, price: '5' }))).toBe(null)
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 1, price: '5.001' }))).toBe(null)
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 1, price: '5', discount: '-1' }))).toBe(null)
    expect(lineFen(line({ kind: 'text', description: 'x', quantity: 1, price: '' }))).toBe(null)
  })

  it('R-DEV-5: a product line takes the product\'s price, and an empty price is its list price', () => {
    const l = newLine('product', A1)
    expect(l).toMatchObject({ kind: 'product', productId: 1, quantity: 1, price: '1280.00', unit: '台', listFen: 128000 })
    l.price = ''
    l.quantity = 3
    expect(lineFen(l)).toBe(384000)
    expect(linesBody([l])).toEqual([{ product_id: 1, quantity: 3 }])
    pickProduct(l, { id: 2, code: 'LX-1', name: '滤芯', unit: '支', price_fen: 9900 })
    expect(l).toMatchObject({ productId: 2, price: '99.00', unit: '支', listFen: 9900 })
    expect(lineFen(newLine('product'))).toBe(null)
  })

  it('R-DEV-5: the order total is the sum of its lines, and says when a line is left out', () => {
    const lines = [
      line({ productId: 1, quantity: 2, price: '1280', discount: '50' }),
      line({ kind: 'text', description: '安装费', quantity: 1, price: '150' }),
    ]
    expect(orderTotal(lines)).toBe(266000)
    expect(totalComplete(lines)).toBe(true)
    lines.push(line({ kind: 'text', description: '运费', quantity: 1, price: 'abc' }))
    expect(orderTotal(lines)).toBe(266000)
    expect(totalComplete(lines)).toBe(false)
    expect(orderTotal([])).toBe(0)
  })

  it('R-DEV-5: checks an order before sending: customer, lines, quantities, amounts, discount, time, lengths', () => {
    expect(validate(emptyForm())).toEqual({ customer_id: 'required', 'lines.0.product_id': 'required' })
    const ok = { ...emptyForm(customer), lines: [line({ productId: 1, quantity: 1, price: '1280' })] }
    expect(validate(ok)).toEqual({})
    expect(validate({ ...ok, lines: [] })).toEqual({ lines: 'noLines' })
    expect(validate({ ...ok, lines: Array.from({ length: MAX.lines + 1 }, () => ok.lines[0]) })).toMatchObject({ lines: 'tooManyLines' })
    expect(validate({ ...ok, lines: [line({ kind: 'text', description: ' ', quantity: 0, price: '' })] }))
      .toEqual({ 'lines.0.description': 'required', 'lines.0.quantity': 'quantity', 'lines.0.price_fen': 'required' })
    expect(validate({ ...ok, lines: [line({ kind: 'text', description: '长'.repeat(201), quantity: 1, price: '1' })] }))
      .toEqual({ 'lines.0.description': 'tooLong' })
    expect(validate({ ...ok, lines: [line({ productId: 1, quantity: 1e6 + 1, price: '1.005', discount: 'x' })] }))
      .toEqual({ 'lines.0.quantity': 'quantity', 'lines.0.price_fen': 'amountCents', 'lines.0.discount_fen': 'amountBad' })
    expect(validate({ ...ok, lines: [line({ productId: 1, quantity: 2, price: '10', discount: '20.01' })] }))
      .toEqual({ 'lines.0.discount_fen': 'discountTooLarge' })
    expect(validate({ ...ok, lines: [line({ productId: 1, quantity: 2, price: '10', discount: '20' })] })).toEqual({})
    expect(validate({ ...ok, lines: [line({ productId: 1, quantity: 1e6, price: '10000000000' })] })).toEqual({ 'lines.0.price_fen': 'amountRange' })
    const big = line({ productId: 1, quantity: 1, price: '6000000000' })
    expect(validate({ ...ok, lines: [big, big] })).toEqual({ lines: 'amountRange' })
    expect(validate({ ...ok, orderedAt: '2026-06-02 10:00:00' }, '2026-06-02 09:59:59')).toEqual({ ordered_at: 'future' })
    expect(validate({ ...ok, orderedAt: '2026-06-02 10:00:00' }, '')).toEqual({})
    expect(validate({ ...ok, deliveryDue: '10 June' })).toEqual({ delivery_due: 'date' })
    expect(validate({ ...ok, notes: 'n'.repeat(2001) })).toEqual({ notes: 'tooLong' })
  })

  it('R-DEV-5: places an order with a product line and a free-text line; the time only when changed from the "now" shown', () => {
    const form = {
      ...emptyForm(customer, { id: 7, title: '办公室净水方案' }, '2026-06-01 11:06:00'),
      deliveryDue: '2026-06-10', notes: ' 送货上门 ',
      lines: [line({ productId: 1, quantity: '2', price: '1,280', discount: '50' }), line({ kind: 'text', description: ' 安装费 ', quantity: 1, price: '150' })],
    }
    expect(createBody(form, '+08:00', '2026-06-01 11:06:00')).toEqual({
      customer_id: 12, delivery_due: '2026-06-10', notes: '送货上门', opportunity_id: 7,
      lines: [{ product_id: 1, quantity: 2, price_fen: 128000, discount_fen: 5000 }, { description: '安装费', quantity: 1, price_fen: 15000 }],
    })
    expect(createBody({ ...form, orderedAt: '2026-05-30 15:00:00' }, '+08:00', '2026-06-01 11:06:00').ordered_at).toBe('2026-05-30T15:00:00+08:00')
    const bare = createBody({ ...emptyForm(customer), lines: [line({ kind: 'text', description: '维修', quantity: 1, price: '0' })] })
    expect(bare).toEqual({ customer_id: 12, lines: [{ description: '维修', quantity: 1, price_fen: 0 }] })
  })

  it('R-DEV-5: reads an order back into the form and sends only what changed; the lines all together', () => {
    const order = {
      id: 3, code: 'SO20260601000003', customer: { ...customer, secrecy: 0 }, opportunity: { id: 7, title: '办公室净水方案' },
      state: 'confirmed', ordered_at: '2026-06-01T11:06:00+08:00', delivery_due: '2026-06-10', notes: '',
      lines: [
        { product_id: 1, code: 'JS-A1', name: '净水器 A1', description: '', unit: '台', quantity: 2, price_fen: 128000, discount_fen: 5000, amount_fen: 251000 },
        { product_id: null, code: '', name: '', description: '安装费', unit: '', quantity: 1, price_fen: 15000, discount_fen: 0, amount_fen: 15000 },
      ],
    }
    const form = formOf(order)
    expect(form).toMatchObject({ customer: { id: 12 }, opportunityId: 7, orderedAt: '2026-06-01 11:06:00', deliveryDue: '2026-06-10' })
    expect(form.lines.map((l) => [l.kind, l.productId, l.description, l.quantity, l.price, l.discount]))
      .toEqual([['product', 1, '', 2, '1280.00', '50.00'], ['text', '', '安装费', 1, '150.00', '']])
    expect(orderTotal(form.lines)).toBe(266000)
    const before = formOf(order)
    expect(changeBody(form, before)).toEqual({})
    form.deliveryDue = ''
    form.notes = '改约'
    expect(changeBody(form, before)).toEqual({ delivery_due: '', notes: '改约' })
    form.lines[1].price = '200'
    expect(changeBody(form, before).lines).toEqual([
      { product_id: 1, quantity: 2, price_fen: 128000, discount_fen: 5000 }, { description: '安装费', quantity: 1, price_fen: 20000 },
    ])
    form.orderedAt = '2026-06-01 10:00:00'
    expect(changeBody(form, before, '+08:00').ordered_at).toBe('2026-06-01T10:00:00+08:00')
    expect(lineOf({ product_id: 0, description: 'x', quantity: 1, price_fen: 1 }).kind).toBe('product')
  })

  it('R-DEV-5: delivers now or at the time given; a cancellation needs its reason', () => {
    expect(deliverBody('')).toEqual({})
    expect(deliverBody('2026-06-09 16:30:00', '+08:00')).toEqual({ delivered_at: '2026-06-09T16:30:00+08:00' })
    expect(validateCancel('  ')).toEqual({ reason: 'required' })
    expect(validateCancel('r'.repeat(MAX.reason + 1))).toEqual({ reason: 'tooLong' })
    expect(validateCancel('客户改变计划')).toEqual({})
  })

  it('R-DEV-5: a refusal of the lines marks the line it names, in either language', () => {
    expect(refusedLine({ message_zh: '第 2 行：数量须为 1 到 1000000', message_en: 'line 2: the quantity is 1 to 1000000' })).toBe(1)
    expect(refusedLine({ message: '第3行：产品不存在' })).toBe(2)
    expect(refusedLine({ message_en: 'Line 1: no such product' })).toBe(0)
    expect(refusedLine({ message_en: 'an order has 1 to 200 lines' })).toBe(-1)
    expect(refusedLine(null)).toBe(-1)
    expect(refusedLine(['orders.err.noLines', {}])).toBe(-1)
  })

  it('R-DEV-5: lists by state (all by default), leaving out empty filters; states read in both languages', () => {
    expect(FILTERS.state).toBe('all')
    expect(orderQuery({ state: 'confirmed', q: '', owner_id: '5', ordered_from: '2026-06-01', ordered_to: null, limit: 50 }))
      .toEqual({ state: 'confirmed', owner_id: '5', ordered_from: '2026-06-01', limit: 50 })
    expect(stateType('delivered')).toBe('success')
    expect(stateType('cancelled')).toBe('info')
    for (const loc of ['zh-CN', 'en']) for (const s of STATES) expect(messages[loc].orders.states[s], `${loc} ${s}`).toBeTruthy()
    expect(yuanInput(266000)).toBe('2660.00')
    expect(yuanInput(null)).toBe('')
  })

  it('R-DEV-5: every problem the checks find has its message, with its limit', () => {
    const found = validate({
      ...emptyForm(), notes: 'n'.repeat(2001),
      lines: [line({ kind: 'text', description: '长'.repeat(201), quantity: 0, price: '-1', discount: '1.001' })],
    }, '2026-06-01 00:00:00')
    for (const [field, problem] of Object.entries(found)) {
      const [key] = problemMessage(problem, field)
      for (const loc of ['zh-CN', 'en']) expect(key.split('.').reduce((o, k) => o && o[k], messages[loc]), `${loc} ${key}`).toBeTruthy()
    }
    expect(problems({ notes: 'tooLong', 'lines.0.description': 'tooLong' }))
      .toEqual({ notes: ['orders.err.tooLong', { n: 2000 }], 'lines.0.description': ['orders.err.tooLong', { n: 200 }] })
    expect(problemMessage('quantity', 'lines.3.quantity')).toEqual(['orders.err.quantity', { n: 1e6 }])
    expect(problemMessage('amountRange', 'lines')).toEqual(['orders.err.amountRange', { max: '10,000,000,000.00' }])
  })

  it('R-INT-4: placing an order says how many non-buyer calls it skipped, as recording a purchase did', () => {
    expect(messages['zh-CN'].orders.placed.skipped).toBe('未购买客户的 {n} 项回访已跳过（客户已购买）。')
    expect(messages.en.orders.placed.skipped).toBe('{n} non-buyer follow-up call(s) skipped: the customer has bought.')
  })
})
