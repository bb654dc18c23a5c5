import { hash, verify } from '@node-rs/argon2'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import { badRequest } from '../http/errors.ts'

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// `algorithm: 2` is Algorithm.Argon2id; the package exports it as a const enum we cannot import.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/**
 * A hash of a random password, verified when the email is unknown (or has no password yet), so
 * that answering "wrong" takes as long for an unknown email as for a wrong password.
 */
let dummyHash: Promise<string> | null = null
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID())
  return dummyHash
}

const zxcvbn = new ZxcvbnFactory({
  dictionary: {
    ...common.dictionary,
    ...en.dictionary,
    // Words of this product and its demo gemeente are the first things an attacker tries here.
    product: ['veiligheidsplanner', 'veiligheid', 'rivierstede', 'gemeente', 'politie', 'wachtwoord', 'welkom'],
  },
  graphs: common.adjacencyGraphs,
})

/** Score 0–4; below 3 means guessable within about 10^8 tries (common words, names, patterns). */
const MIN_SCORE = 3

/**
 * Rejects a password that is easy to guess (a common password, dictionary word, keyboard walk,
 * or built from the user's own email or name). Length is checked by the request schema.
 */
export function assertStrongPassword(password: string, userInputs: string[], field = 'body.password') {
  const inputs = userInputs.flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((s) => s.length >= 3)
  const result = zxcvbn.check(password, inputs)
  if (result.score < MIN_SCORE) {
    const message = 'Dit wachtwoord is te makkelijk te raden. Kies een langere zin of een willekeurig wachtwoord.'
    throw badRequest(message, [{ path: field, message }])
  }
}
