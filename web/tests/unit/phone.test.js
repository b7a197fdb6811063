// Phones as the server sends them: grouped for reading, dialled through tel: links, and never
// dialled when masked (R-SEC-13).
import { describe, it, expect } from 'vitest'
import { formatPhone, telHref, isMasked } from '../../src/components/phone.js'

describe('phone', () => {
  it('R-ARC-7: groups stored phones for reading', () => {
    expect(formatPhone('13700137000')).toBe('137 0013 7000')
    expect(formatPhone('010-65529988')).toBe('010-6552 9988')
    expect(formatPhone('4008001234')).toBe('400 800 1234')
  })
  it('R-ARC-7: dials a stored phone, its extension after a pause', () => {
    expect(telHref('13700137000')).toBe('tel:13700137000')
    expect(telHref('0755-2345678-801')).toBe('tel:07552345678,801')
    expect(telHref('')).toBe('')
  })
  it('R-SEC-13: issue 12 item 9: a masked number is shown as sent and never dialled', () => {
    expect(isMasked('138****8000')).toBe(true)
    expect(isMasked('13800138000')).toBe(false)
    expect(isMasked(null)).toBe(false)
    expect(telHref('138****8000')).toBe('')
    expect(telHref('010-****9988')).toBe('')
    expect(formatPhone('138****8000')).toBe('138****8000')
  })
})
