import { jwtVerify, SignJWT } from 'jose'

export const JWT_AUDIENCE = 'veiligheidsplanner'

export interface SessionClaims {
  userId: string
  sessionId: string
}

/** Signs and checks session JWTs: HS256 only, with `exp`, `iss` and `aud` checked. */
export class SessionTokens {
  private readonly key: Uint8Array

  constructor(
    secret: string,
    private readonly issuer: string,
  ) {
    this.key = new TextEncoder().encode(secret)
  }

  sign(claims: SessionClaims, expiresAt: Date): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key)
  }

  /** Null for anything not signed by us, expired, or meant for another issuer or audience. */
  async verify(token: string): Promise<SessionClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: JWT_AUDIENCE,
        requiredClaims: ['exp', 'sub', 'sid'],
      })
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null
      return { userId: payload.sub, sessionId: payload.sid }
    } catch {
      return null
    }
  }
}
