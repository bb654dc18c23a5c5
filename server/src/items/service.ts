/**
 * The item commands, one module each: what routes, the seed and other domains call. Each command
 * authorizes, checks the step and the version, and writes the change with its event in one
 * transaction.
 */
export { addComment, listComments } from './comments.ts'
export { createItem } from './create.ts'
export { deleteItem } from './delete.ts'
export { itemHistory } from './history.ts'
export { unsafeFindItem } from './load.ts'
export { lockOpenCaseStep } from './lock.ts'
export { factsOf, presentFullItem, presentItem } from './present.ts'
export { commitToAction, rateItem, takePosition } from './reactions.ts'
export { updateItem } from './update.ts'
