// The product pages' own decisions (src/views/products/products.js) and the shared money helpers.
import { describe, expect, it } from 'vitest'
import { bodyOf, emptyForm, formOf, productQuery, validate } from '../../src/views/products/products.js'
import { parseYuan, yuanText } from '../../src/money.js'

describe('products', () => {
  it('checks the code, the name, the lengths, the price and the warranty before sending', () => {
    expect(validate(emptyForm())).toEqual({ code: 'required', name: 'required' })
    expect(validate({ code: 'A B', name: 'x' })).toEqual({ code: 'code' })
    expect(validate({ code: '空调', name: 'x' })).toEqual({ code: 'code' })
    expect(validate({ code: 'X'.repeat(41), name: 'x' })).toEqual({ code: 'code' })
    expect(validate({ code: 'kx-1/a.b_c', name: 'x' })).toEqual({})
    expect(validate({ code: 'A', name: '名'.repeat(101) })).toEqual({ name: 'tooLong' })
    expect(validate({ code: 'A', name: 'x', unit: '单'.repeat(21) })).toEqual({ unit: 'tooLong' })
    expect(validate({ code: 'A', name: 'x', price: '12.345' })).toEqual({ price_fen: 'price' })
    expect(validate({ code: 'A', name: 'x', price: '-1' })).toEqual({ price_fen: 'price' })
    expect(validate({ code: 'A', name: 'x', price: '1,280.50', warranty: '601' })).toEqual({ warranty_months: 'warranty' })
    expect(validate({ code: 'A', name: 'x', warranty: '1.5' })).toEqual({ warranty_months: 'warranty' })
  })

  it('sends the price typed in yuan as whole fen, and reads it back for editing', () => {
    const body = bodyOf({ code: ' kx-1 ', name: ' 净化器 ', model: '', category: '家电', unit: '台', price: '¥1,280.5', warranty: '24' })
    expect(body).toEqual({ code: 'kx-1', name: '净化器', model: '', category: '家电', unit: '台', price_fen: 128050, warranty_months: 24 })
    expect(bodyOf({ code: 'A', name: 'x', price: '', warranty: '' })).toMatchObject({ price_fen: 0, warranty_months: 0 })
    const form = formOf({ code: 'KX-1', name: 'n', model: '', category: '', unit: '', price_fen: 128050, warranty_months: 24 })
    expect(form.price).toBe('1280.50')
    expect(form.warranty).toBe('24')
    expect(bodyOf(form).price_fen).toBe(128050)
  })

  it('leaves empty filters out of the query', () => {
    expect(productQuery({ q: '', category: '配件', state: 'all', limit: 50 })).toEqual({ category: '配件', state: 'all', limit: 50 })
  })

  it('money: yuan as typed to fen without floating point, fen to yuan as shown', () => {
    expect(parseYuan('0.29')).toEqual({ fen: 29 })
    expect(parseYuan('１２')).toEqual({ problem: 'amountBad' })
    expect(yuanText(123456789)).toBe('1,234,567.89')
    expect(yuanText(5)).toBe('0.05')
  })
})
