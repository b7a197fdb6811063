// The opportunity pages' own decisions (src/views/opportunities/opportunities.js): the form and its
// bodies, the probability a stage brings, the board's moves, the time spent in a stage, and the
// funnel's and the forecast's figures.
import { describe, expect, it } from 'vitest'
import {
  canReopen, changeBody, createBody, durationParts, durationText, emptyForm, forecastMonths, forecastSeries, forecastTable, forecastWon,
  formOf, funnelData, linesTotal, moveOnBoard, moveTargets, newLine, probabilityFor, stageName, validate, validateClose,
} from '../../src/views/opportunities/opportunities.js'
import { i18n } from '../../src/i18n/index.js'

const STAGES = [
  { id: 1, name: '初步接洽', name_en: 'Initial contact', probability: 10, position: 1, active: true },
  { id: 2, name: '需求确认', name_en: 'Needs confirmed', probability: 25, position: 2, active: true },
  { id: 3, name: '方案报价', name_en: 'Proposal', probability: 50, position: 3, active: true },
  { id: 9, name: '旧阶段', name_en: '', probability: 5, position: 0, active: false },
]

const OPP = {
  id: 7, customer: { id: 12, code: 'KH1', name: '上海某某' }, title: '净水器 20 台', amount_fen: 2560000, probability: 50,
  weighted_fen: 1280000, stage: { id: 3, name: '方案报价', name_en: 'Proposal' }, state: 'open', expected_close: '2026-12-20',
  competitor: '', next_step: '', next_step_at: '', notes: '',
  products: [{ product_id: 1, code: 'JS-A1', name: '家用净水器', unit: '台', quantity: 2, price_fen: 128000 }],
}

function tIn(lang) {
  return (key, params) => i18n.global.t(key, params, { locale: lang })
}

describe('opportunities', () => {
  it('R-DEV-3: a stage move takes the stage\'s probability', () => {
    expect(probabilityFor(STAGES, 2, 50)).toBe(25)
    expect(probabilityFor(STAGES, '3', 10)).toBe(50)
    // a stage this UI does not know keeps what the form has
    expect(probabilityFor(STAGES, 42, 60)).toBe(60)
    // a new one starts in the first active stage, with its probability
    const f = emptyForm(STAGES, { id: '12', code: 'KH1', name: '上海某某' })
    expect([f.stageId, f.probability]).toEqual([1, 10])
    expect(f.customer).toEqual({ id: 12, code: 'KH1', name: '上海某某' })
  })

  it('R-DEV-3: names a stage in the language shown, and offers every other stage, won and lost as moves', () => {
    expect(stageName(STAGES[2], 'en')).toBe('Proposal')
    expect(stageName(STAGES[2], 'zh-CN')).toBe('方案报价')
    expect(stageName(STAGES[3], 'en')).toBe('旧阶段')
    const m = moveTargets(STAGES.slice(0, 3), 2)
    expect(m.map((x) => x.kind + (x.stage ? x.stage.id : ''))).toEqual(['stage1', 'stage3', 'won', 'lost'])
  })

  it('R-DEV-3: checks the form before sending: customer, title, amount in yuan, expected close, probability, lines', () => {
    expect(validate(emptyForm(STAGES))).toEqual({ customer_id: 'required', title: 'required', amount_fen: 'required', expected_close: 'required' })
    const ok = { ...formOf(OPP) }
    expect(validate(ok)).toEqual({})
    expect(validate({ ...ok, amount: '12.345', probability: 101, title: 'x'.repeat(101) })).toEqual({ amount_fen: 'amount', probability: 'probability', title: 'tooLong' })
    expect(validate({ ...ok, nextStepAt: '2026-12-01', nextStep: ' ' })).toEqual({ next_step: 'nextStepNeeded' })
    expect(validate({ ...ok, lines: [{ productId: '', quantity: 0, price: '1.001' }] }))
      .toEqual({ 'products.0.product_id': 'required', 'products.0.quantity': 'quantity', 'products.0.price_fen': 'amount' })
  })

  it('R-DEV-3: sends amounts typed in yuan as whole fen, and a change only with what changed', () => {
    const f = formOf(OPP)
    expect(f.amount).toBe('25600.00')
    expect(f.lines).toEqual([{ productId: 1, quantity: 2, price: '1280.00' }])
    expect(createBody({ ...f, amount: '1,280.5', nextStepAt: '' })).toEqual({
      customer_id: 12, title: '净水器 20 台', amount_fen: 128050, expected_close: '2026-12-20', probability: 50, stage_id: 3,
      competitor: '', next_step: '', notes: '', products: [{ product_id: 1, quantity: 2, price_fen: 128000 }],
    })
    // a line without a price takes the product's on the server
    expect(createBody({ ...f, lines: [{ productId: 4, quantity: 3, price: '' }] }).products).toEqual([{ product_id: 4, quantity: 3 }])
    const before = formOf(OPP)
    expect(changeBody(formOf(OPP), before)).toEqual({})
    expect(changeBody({ ...formOf(OPP), title: ' 净水器 30 台 ', stageId: 2, probability: 25 }, before))
      .toEqual({ title: '净水器 30 台', stage_id: 2, probability: 25 })
    expect(changeBody({ ...formOf(OPP), lines: [] }, before)).toEqual({ products: [] })
  })

  it('R-DEV-3: a product line defaults to the product\'s price and the lines add up', () => {
    expect(newLine({ id: 5, price_fen: 6800 })).toEqual({ productId: 5, quantity: 1, price: '68.00' })
    expect(linesTotal([{ productId: 1, quantity: 2, price: '1280' }, { productId: 2, quantity: 3, price: '0.29' }, { productId: 3, quantity: 1, price: 'x' }])).toBe(256087)
  })

  it('R-DEV-3: a lost opportunity needs a reason, a won one does not', () => {
    expect(validateClose('lost', '  ')).toEqual({ reason: 'required' })
    expect(validateClose('won', '')).toEqual({})
    expect(validateClose('lost', '价格高')).toEqual({})
    expect(validateClose('won', 'x'.repeat(2001))).toEqual({ reason: 'tooLong' })
  })

  it('R-DEV-3: the time in a stage reads as its two largest units: 3 天 5 小时 / 3 d 5 h', () => {
    expect(durationParts(3 * 86400 + 5 * 3600 + 59)).toEqual([['d', 3], ['h', 5]])
    expect(durationParts(2 * 86400)).toEqual([['d', 2]])
    expect(durationParts(3600 + 120)).toEqual([['h', 1], ['m', 2]])
    expect(durationParts(59)).toEqual([['lt', 1]])
    expect(durationParts(null)).toEqual([['lt', 1]])
    expect(durationText(3 * 86400 + 5 * 3600, tIn('zh-CN'))).toBe('3 天 5 小时')
    expect(durationText(3 * 86400 + 5 * 3600, tIn('en'))).toBe('3 d 5 h')
    expect(durationText(5 * 60, tIn('en'))).toBe('5 min')
  })

  it('R-DEV-3: a card moved on the board leaves its column for the other, the sums and probability following', () => {
    const board = {
      stages: [
        { stage: { id: 1, name: 'a', probability: 10 }, count: 2, amount_fen: 3000, weighted_fen: 300,
          items: [{ id: 1, amount_fen: 1000, probability: 10, weighted_fen: 100, expected_close: '2026-12-01', stage: { id: 1 } },
            { id: 2, amount_fen: 2000, probability: 10, weighted_fen: 200, expected_close: '2026-12-05', stage: { id: 1 } }] },
        { stage: { id: 2, name: 'b', probability: 50 }, count: 1, amount_fen: 500, weighted_fen: 250,
          items: [{ id: 3, amount_fen: 500, probability: 50, weighted_fen: 250, expected_close: '2026-12-09', stage: { id: 2 } }] },
      ],
    }
    expect(moveOnBoard(board, 2, 2)).toBe(true)
    expect(board.stages[0]).toMatchObject({ count: 1, amount_fen: 1000, weighted_fen: 100 })
    expect(board.stages[1]).toMatchObject({ count: 2, amount_fen: 2500, weighted_fen: 1250 })
    expect(board.stages[1].items.map((x) => [x.id, x.probability, x.stage.id])).toEqual([[2, 50, 2], [3, 50, 2]])
    expect(moveOnBoard(board, 99, 1)).toBe(false)
  })

  it('R-DEV-3: the funnel has one layer per stage in order, narrowing stage by stage, with each stage\'s figures', () => {
    const f = { stages: [{ stage: STAGES[0], count: 3, amount_fen: 30000, weighted_fen: 3000 }, { stage: STAGES[1], count: 5, amount_fen: 99900, weighted_fen: 24975 }] }
    expect(funnelData(f, 'en').map((x) => [x.name, x.value, x.count, x.amount_fen])).toEqual([['Initial contact', 2, 3, 30000], ['Needs confirmed', 1, 5, 99900]])
    expect(funnelData(f, 'zh-CN')[0].name).toBe('初步接洽')
    expect(funnelData(null, 'en')).toEqual([])
  })

  it('R-DEV-3: the forecast\'s axis has every month of the range, also those with nothing', () => {
    // by default this month and the 5 after, as the server counts
    expect(forecastMonths({ months: ['2027-01'], rows: [] }, '', '', '2026-11')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04'])
    expect(forecastMonths({ months: [], rows: [] }, '2026-12', '2027-02', '2026-01')).toEqual(['2026-12', '2027-01', '2027-02'])
    // a month the answer names outside the range widens it
    expect(forecastMonths({ months: ['2027-05'], rows: [{ month: '2027-05' }] }, '2027-03', '2027-03', '2026-01')).toEqual(['2027-03', '2027-04', '2027-05'])
    expect(forecastMonths(null, '', '', 'bad')).toEqual([])
    const fc = { months: ['2027-01'], rows: [{ month: '2027-01', id: 0, name: '', weighted_fen: 500, won_fen: 100 }] }
    const axis = forecastMonths(fc, '2026-12', '2027-01', '2026-12')
    expect(forecastSeries(fc, axis).series[0].data).toEqual([0, 5])
    expect(forecastWon(fc, axis)).toEqual([0, 1])
  })

  it('R-DEV-3: the forecast pivots into one weighted series per owner over the months, largest first, and totals its table', () => {
    const fc = {
      by: 'owner', months: ['2026-12', '2027-01', '2027-02'],
      rows: [
        { month: '2026-12', id: 5, name: '张伟', count: 2, amount_fen: 100000, weighted_fen: 50000, won_fen: 0 },
        { month: '2027-01', id: 6, name: '李娜', count: 1, amount_fen: 900000, weighted_fen: 450000, won_fen: 10000 },
        { month: '2027-02', id: 5, name: '张伟', count: 1, amount_fen: 20000, weighted_fen: 2000, won_fen: 0 },
      ],
    }
    const s = forecastSeries(fc)
    expect(s.months).toEqual(fc.months)
    expect(s.series).toEqual([
      { id: 6, name: '李娜', data: [0, 4500, 0] },
      { id: 5, name: '张伟', data: [500, 0, 20] },
    ])
    expect(forecastWon(fc)).toEqual([0, 100, 0])
    const tb = forecastTable(fc)
    expect(tb.rows.map((r) => r.month)).toEqual(['2026-12', '2027-01', '2027-02'])
    expect(tb.total).toEqual({ count: 4, amount_fen: 1020000, weighted_fen: 502000, won_fen: 10000 })
    // by month: one series, the months without opportunities at 0
    const byMonth = forecastSeries({ by: 'month', months: ['2026-12', '2027-01'], rows: [{ month: '2027-01', id: 0, name: '', weighted_fen: 1234 }] })
    expect(byMonth.series).toEqual([{ id: 0, name: '', data: [0, 12.34] }])
    expect(forecastSeries(null)).toEqual({ months: [], series: [] })
  })

  it('R-DEV-3: offers reopening to the general manager and sales managers only', () => {
    expect(canReopen({ role: 'gm' })).toBe(true)
    expect(canReopen({ role: 'sales_manager' })).toBe(true)
    expect(canReopen({ role: 'salesperson' })).toBe(false)
    expect(canReopen(null)).toBe(false)
  })
})
