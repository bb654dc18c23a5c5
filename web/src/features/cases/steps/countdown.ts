/** Time left until an acuut deadline, in whole minutes: hours and minutes, or how long it has passed. */
export interface Countdown {
  over: boolean
  hours: number
  minutes: number
}

/** Whole minutes, rounded towards the deadline: one second left is "0 minutes", not "1". */
export function countdown(deadline: string, now: number): Countdown {
  const ms = Date.parse(deadline) - now
  const total = Math.floor(Math.abs(ms) / 60_000)
  return { over: ms < 0, hours: Math.floor(total / 60), minutes: total % 60 }
}
