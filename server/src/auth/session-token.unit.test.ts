import { describe, expect, it } from 'vitest'
import { SessionTokens } from './session-token.ts'

describe('SessionTokens', () => {
  const claims = { userId: 'u1', sessionId: 's1' }

  it('accepts its own token until the token expires, also once remembered', async () => {
    const tokens = new SessionTokens('a-secret-of-at-least-thirty-two-chars!', 'https://veilig.example')
    // JWT expiry is in whole seconds: the token ends at the next second boundary after one second.
    const token = await tokens.sign(claims, new Date(Date.now() + 1000))
    expect(await tokens.verify(token)).toEqual(claims)
    expect(await tokens.verify(token)).toEqual(claims)
    await new Promise((r) => setTimeout(r, 2100))
    expect(await tokens.verify(token)).toBeNull()
  })

  it('refuses a token of another secret or issuer', async () => {
    const ours = new SessionTokens('a-secret-of-at-least-thirty-two-chars!', 'https://veilig.example')
    const token = await ours.sign(claims, new Date(Date.now() + 60_000))
    expect(
      await new SessionTokens('another-secret-of-thirty-two-chars!!', 'https://veilig.example').verify(token),
    ).toBeNull()
    expect(
      await new SessionTokens('a-secret-of-at-least-thirty-two-chars!', 'https://other.example').verify(token),
    ).toBeNull()
  })
})
