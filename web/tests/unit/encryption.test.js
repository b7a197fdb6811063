// Field encryption in Settings (src/views/admin/encryption.js, R-SEC-11): the data keys listed
// active first with their counts only when counted, what a rotation job did, and the sensitive
// switch of a custom field (a phone field's is on and locked).
import { describe, expect, it } from 'vitest'
import { keyRows, plaintextCount, reindexJob, rotationResult, sensitiveLocked, sensitiveShown } from '../../src/views/admin/encryption.js'

describe('encryption.js', () => {
  it('lists the keys active first, then newest first, with counts only when the answer has them', () => {
    const plain = { cipher: 'XChaCha20-Poly1305', keys: [{ version: 1, active: true, created_at: '2026-06-01T10:00:00+08:00' }] }
    expect(keyRows(plain)).toEqual([{ version: 1, active: true, created_at: '2026-06-01T10:00:00+08:00', values: null }])
    const mid = {
      keys: [
        { version: 2, active: false, created_at: 'b', values: 3 },
        { version: 3, active: true, created_at: 'c', values: 0 },
        { version: 1, active: false, created_at: 'a', values: 7 },
      ],
      plaintext: 0,
    }
    expect(keyRows(mid).map((k) => [k.version, k.active, k.values])).toEqual([[3, true, 0], [2, false, 3], [1, false, 7]])
    expect(keyRows(null)).toEqual([])
    expect(keyRows({})).toEqual([])
  })

  it('says how many values are not encrypted only for a counted answer', () => {
    expect(plaintextCount({ keys: [], plaintext: 0 })).toBe(0)
    expect(plaintextCount({ keys: [], plaintext: 4 })).toBe(4)
    expect(plaintextCount({ keys: [] })).toBe(null)
    expect(plaintextCount(null)).toBe(null)
  })

  it('reads the result of a finished rotation job only', () => {
    expect(rotationResult({ id: 1, state: 'done', summary: { version: 2, resealed: 10 } })).toEqual({ version: 2, resealed: 10 })
    expect(rotationResult({ id: 1, state: 'done', summary: { version: 3 } })).toEqual({ version: 3, resealed: 0 })
    expect(rotationResult({ id: 1, state: 'running', summary: null })).toBe(null)
    expect(rotationResult({ id: 1, state: 'failed', summary: { version: 2, resealed: 1 } })).toBe(null)
    expect(rotationResult({ id: 1, state: 'done', summary: {} })).toBe(null)
    expect(rotationResult(null)).toBe(null)
  })

  it('shows a phone field sensitive and locked, any other as it says and changeable', () => {
    expect(sensitiveLocked({ type: 'phone', sensitive: true })).toBe(true)
    expect(sensitiveShown({ type: 'phone', sensitive: false })).toBe(true)
    expect(sensitiveLocked({ type: 'text', sensitive: true })).toBe(false)
    expect(sensitiveShown({ type: 'text', sensitive: true })).toBe(true)
    expect(sensitiveShown({ type: 'date' })).toBe(false)
    expect(sensitiveLocked(null)).toBe(false)
    expect(sensitiveShown(null)).toBe(false)
  })

  it('finds the reindex job of a PATCH answer only when the flag changed', () => {
    expect(reindexJob({ id: 1, sensitive: true, reindex_job_id: 7 })).toBe(7)
    expect(reindexJob({ id: 1, sensitive: true })).toBe(null)
    expect(reindexJob({ id: 1, reindex_job_id: 0 })).toBe(null)
    expect(reindexJob(null)).toBe(null)
  })
})
