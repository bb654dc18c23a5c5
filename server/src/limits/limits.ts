import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { Limit } from './counters.ts'

/** Every limit the server applies, from the configuration (see README, "Configuration"). */
export interface Limits {
  /** Sign-in attempts at one account's password: login, change password, accepting with a password. */
  loginAccount: Limit
  /** Sign-in attempts from one client address. */
  loginAddress: Limit
  /** Requests from one client address on the anonymous token routes (invitation, set-password, set-up links). */
  linkAddress: Limit
  /** "Wachtwoord vergeten?" requests for one address (hashed), whether or not it has an account. */
  passwordResetAccount: Limit
  /** "Wachtwoord vergeten?" requests from one client address. */
  passwordResetAddress: Limit
  /** Fetches of one person's calendar address, from wherever (a calendar service fetches for many people). */
  calendarFeed: Limit
}

export function limitsFrom(config: Config): Limits {
  return {
    loginAccount: {
      name: 'login.account',
      max: config.LOGIN_MAX_PER_ACCOUNT,
      windowSeconds: config.LOGIN_WINDOW_MINUTES * 60,
    },
    loginAddress: {
      name: 'login.address',
      max: config.LOGIN_MAX_PER_IP,
      windowSeconds: config.LOGIN_WINDOW_MINUTES * 60,
    },
    linkAddress: { name: 'link.address', max: config.LINK_MAX_PER_IP, windowSeconds: config.LINK_WINDOW_MINUTES * 60 },
    passwordResetAccount: {
      name: 'password-reset.account',
      max: config.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
      windowSeconds: 3600,
    },
    passwordResetAddress: {
      name: 'password-reset.address',
      max: config.PASSWORD_RESETS_PER_IP_PER_HOUR,
      windowSeconds: 3600,
    },
    calendarFeed: { name: 'calendar.feed', max: config.CALENDAR_FETCHES_PER_HOUR, windowSeconds: 3600 },
  }
}

/**
 * The client's address as the limits see it. Behind a proxy Fastify takes it from X-Forwarded-For
 * (TRUST_PROXY). `inject` without a socket address and some websocket test requests have none:
 * they share one bucket rather than escaping the limit.
 */
export const clientAddress = (req: FastifyRequest): string => req.ip ?? 'local'
