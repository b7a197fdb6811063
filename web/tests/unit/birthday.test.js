import { describe, expect, it } from 'vitest'
import { birthdayText, lunarBirthday, parseBirthday } from '../../src/components/birthday.js'

const L = '\u519c\u5386'
const LEAP = '\u95f0'
const names = { lunar: 'Lunar', leap: 'Leap month', months: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9', 'M10', 'M11', 'M12'], days: Array.from({ length: 30 }, (_, i) => `d${i + 1}`) }

describe('birthdays (solar and lunar)', () => {
  it('reads the stored forms', () => {
    expect(parseBirthday('1985-06-05')).toMatchObject({ lunar: false, solar: '1985-06-05' })
    expect(parseBirthday(`${L}1990-06-10`)).toMatchObject({ lunar: true, year: 1990, month: 6, day: 10, leap: false })
    expect(parseBirthday(`${L}2025-${LEAP}06-10`)).toMatchObject({ lunar: true, month: 6, leap: true })
    expect(parseBirthday('')).toBe(null)
    expect(parseBirthday(`${L}90-6-1`)).toBe(null)
  })
  it('writes a lunar one only when complete, with the leap mark', () => {
    expect(lunarBirthday({ year: 2025, month: 6, day: 10, leap: true })).toBe(`${L}2025-${LEAP}06-10`)
    expect(lunarBirthday({ year: 1990, month: 12, day: 1, leap: false })).toBe(`${L}1990-12-01`)
    expect(lunarBirthday({ year: 1990, month: 12 })).toBe('')
  })
  it('reads out in the UI language', () => {
    expect(birthdayText(`${L}2025-${LEAP}06-10`, names)).toBe('Lunar 2025 Leap month M6 d10')
    expect(birthdayText('1985-06-05', names)).toBe('1985-06-05')
  })
})
