import { z } from 'zod'

// Validation messages are Dutch, like the rest of the interface; field paths stay English.
z.config(z.locales.nl())

export * from './admin.ts'
export * from './auth.ts'
export * from './cases.ts'
export * from './content-enums.ts'
export * from './dashboard.ts'
export * from './documents.ts'
export * from './enums.ts'
export * from './errors.ts'
export * from './follow-up.ts'
export * from './items.ts'
export * from './live.ts'
export * from './meta.ts'
export * from './notifications.ts'
export * from './rules/index.ts'
export * from './summary.ts'
