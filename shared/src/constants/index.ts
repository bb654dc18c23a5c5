// `@vp/shared/constants`: the contract's enum lists, taxonomy, live close codes and the pure domain
// rules, without zod. The web app imports these at runtime; the schemas (`@vp/shared`) it imports
// as types only, or on pages loaded on demand. dependency-cruiser keeps zod out of this entry.
export * from '../live-close.ts'
export * from '../rules/index.ts'
export * from './content-enums.ts'
export * from './documents.ts'
export * from './enums.ts'
export * from './errors.ts'
