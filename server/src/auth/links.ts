import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import { singleUseTokens } from '../db/schema.ts'

export type LinkPurpose = (typeof singleUseTokens.$inferSelect)['purpose']

/** Only this hash of a link's token is stored (single-use links and invitations); the token travels in the link. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Creates a single-use token; only its hash is stored. Earlier unused links of the user stop working. */
export async function createSingleUseToken(db: DbOrTx, purpose: LinkPurpose, userId: string | null, ttlHours: number) {
  if (userId) {
    await db
      .update(singleUseTokens)
      .set({ usedAt: new Date() })
      .where(
        and(eq(singleUseTokens.userId, userId), eq(singleUseTokens.purpose, purpose), isNull(singleUseTokens.usedAt)),
      )
  }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000)
  await db.insert(singleUseTokens).values({ tokenHash: hashToken(token), purpose, userId, expiresAt })
  return { token, expiresAt }
}

export type TokenState = 'valid' | 'expired' | 'used' | 'unknown'

export async function findSingleUseToken(db: DbOrTx, purpose: LinkPurpose, token: string) {
  const [row] = await db
    .select()
    .from(singleUseTokens)
    .where(and(eq(singleUseTokens.tokenHash, hashToken(token)), eq(singleUseTokens.purpose, purpose)))
  if (!row) return { state: 'unknown' as const, row: null }
  const state: TokenState = row.usedAt ? 'used' : row.expiresAt.getTime() <= Date.now() ? 'expired' : 'valid'
  return { state, row }
}

/** Marks a token used; false when someone else used it first (the update is the lock). */
export async function consumeSingleUseToken(db: DbOrTx, id: string): Promise<boolean> {
  const done = await db
    .update(singleUseTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(singleUseTokens.id, id), isNull(singleUseTokens.usedAt)))
    .returning({ id: singleUseTokens.id })
  return done.length === 1
}
