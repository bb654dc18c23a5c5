import { webcrypto } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import { LRUCache } from 'lru-cache'

export const JWT_AUDIENCE = 'veiligheidsplanner'
/** Verified tokens remembered per server; past this the least recently used goes. */
const MAX_VERIFIED = 50_000

export interface SessionClaims {
  userId: string
  sessionId: string
}

/** Signs and checks session JWTs: HS256 only, with `exp`, `iss` and `aud` checked. */
export class SessionTokens {
  // Imported once: given raw bytes, jose imports the key again on every call, a measurable share
  // of an authenticated request (P2, P3).
  private readonly key: Promise<webcrypto.CryptoKey>

  constructor(
    secret: string,
    private readonly issuer: string,
  ) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
  }

  async sign(claims: SessionClaims, expiresAt: Date): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key)
  }

  // Tokens whose signature was checked, until they expire: checking an HMAC through WebCrypto
  // took a fifth of the CPU of an authenticated request (P3). The session row still decides.
  private readonly verified = new LRUCache<string, SessionClaims>({ max: MAX_VERIFIED })

  /** Null for anything not signed by us, expired, or meant for another issuer or audience. */
  async verify(token: string): Promise<SessionClaims | null> {
    const known = this.verified.get(token)
    if (known) return { userId: known.userId, sessionId: known.sessionId }
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: JWT_AUDIENCE,
        requiredClaims: ['exp', 'sub', 'sid'],
      })
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null
      // Remembered until the token's own expiry (at least 1 ms: lru-cache reads 0 as "forever").
      const ttl = Math.max(1, (payload.exp ?? 0) * 1000 - Date.now())
      this.verified.set(token, { userId: payload.sub, sessionId: payload.sid }, { ttl })
      return { userId: payload.sub, sessionId: payload.sid }
    } catch {
      return null
    }
  }
}
