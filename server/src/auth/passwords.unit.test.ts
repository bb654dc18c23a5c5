import { NewPasswordSchema } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import { AppError } from '../http/errors.ts'
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.ts'

function rejection(password: string, inputs: string[] = []) {
  try {
    assertStrongPassword(password, inputs)
    return null
  } catch (e) {
    return e as AppError
  }
}

describe('password rules', () => {
  it('needs at least 12 and at most 128 characters, without composition rules', () => {
    expect(NewPasswordSchema.safeParse('a'.repeat(11)).success).toBe(false)
    expect(NewPasswordSchema.safeParse('a'.repeat(129)).success).toBe(false)
    expect(NewPasswordSchema.safeParse('alleen kleine letters hier').success).toBe(true)
  })

  it.each(['password1234', 'qwertyuiop12', 'Wachtwoord123', '123456789012'])('rejects the common password %s', (pw) => {
    const e = rejection(pw)
    expect(e).toBeInstanceOf(AppError)
    expect(e?.statusCode).toBe(400)
    expect(e?.fields?.[0]?.path).toBe('body.password')
  })

  it('rejects a password built from the person’s own name and email', () => {
    expect(rejection('brinkhorst2026', ['iris.brinkhorst@rivierstede.example', 'Iris Brinkhorst'])).not.toBeNull()
  })

  it.each(['kraanwater-lantaarnpaal-42', 'x7#Kp2!vLm9q', 'fietsbel onder de brug'])('accepts %s', (pw) => {
    expect(rejection(pw)).toBeNull()
  })

  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('kraanwater-lantaarnpaal-42')
    expect(h.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(h, 'kraanwater-lantaarnpaal-42')).toBe(true)
    expect(await verifyPassword(h, 'kraanwater-lantaarnpaal-43')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
  })
})
