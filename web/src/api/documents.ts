import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  Document,
  DocumentDetailView,
  DocumentFamily,
  DocumentList,
  DocumentListQuery,
  UpdateDocumentBody,
} from '@vp/shared'
import { caseKeys, casePath } from './cases.ts'
import { ApiError, answerUnauthorized, api, ifMatch, toApiError } from './client.ts'

/** Which documents a list shows: those of the case, of one step or of one item, filtered and sorted. */
export interface DocumentFilter {
  step?: number
  itemId?: string
  organisationId?: string
  family?: DocumentFamily
  sort?: DocumentListQuery['sort']
}

const PAGE_SIZE = 50

/** Under the case's key, so a refresh of the whole case refreshes its documents too. */
export const documentKeys = {
  all: (caseId: string) => ['case', caseId, 'documents'] as const,
  list: (caseId: string, filter: DocumentFilter) => ['case', caseId, 'documents', 'list', filter] as const,
  detail: (caseId: string, documentId: string) => ['case', caseId, 'documents', 'detail', documentId] as const,
}

const documentsPath = (caseId: string) => `${casePath(caseId)}/documents`
const documentPath = (caseId: string, documentId: string) =>
  `${documentsPath(caseId)}/${encodeURIComponent(documentId)}`

/** The file itself, as an attachment: a plain link downloads it with the session cookie. */
export function documentContentUrl(caseId: string, documentId: string, version?: number): string {
  return `${documentPath(caseId, documentId)}/content${version ? `?version=${version}` : ''}`
}

function listQuery(filter: DocumentFilter, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) })
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  if (cursor) params.set('cursor', cursor)
  return params.toString()
}

export function useDocuments(caseId: string, filter: DocumentFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: documentKeys.list(caseId, filter),
    queryFn: ({ signal, pageParam }) =>
      api.get<DocumentList>(`${documentsPath(caseId)}?${listQuery(filter, pageParam)}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  })
}

export function useDocument(caseId: string, documentId: string, enabled = true) {
  return useQuery({
    queryKey: documentKeys.detail(caseId, documentId),
    queryFn: ({ signal }) => api.get<DocumentDetailView>(documentPath(caseId, documentId), { signal }),
    enabled,
  })
}

/**
 * After any change to a document: its lists and detail, and the activity that logs it. A deleted
 * document's own detail is left alone: its dialog is closing, and a refetch would only meet a 404.
 */
export function invalidateDocuments(queryClient: QueryClient, caseId: string, deletedId?: string) {
  const isDeleted = (key: readonly unknown[]) => deletedId !== undefined && key[3] === 'detail' && key[4] === deletedId
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: documentKeys.all(caseId), predicate: (q) => !isDeleted(q.queryKey) }),
    queryClient.invalidateQueries({ queryKey: ['case', caseId, 'activity'] }),
    queryClient.invalidateQueries({ queryKey: caseKeys.dashboard(caseId) }),
  ])
}

export interface UploadFields {
  title?: string
  step?: number | null
  itemId?: string | null
  audience?: string[] | null
}

interface SendFileOptions {
  method: 'POST'
  url: string
  file: File
  fields?: UploadFields
  headers?: Record<string, string>
  /** Bytes sent so far of the whole request. */
  onProgress?: (sent: number, total: number) => void
  signal?: AbortSignal
}

/**
 * One multipart upload by XMLHttpRequest: fetch cannot report upload progress. The text fields go
 * before the file, so the server knows title and audience before it streams the bytes. Rejects with
 * an ApiError as every other request does.
 */
function sendFile<T>(options: SendFileOptions): Promise<T> {
  const body = new FormData()
  const fields = options.fields ?? {}
  if (fields.title) body.append('title', fields.title)
  if (fields.step !== undefined && fields.step !== null) body.append('step', String(fields.step))
  if (fields.itemId) body.append('itemId', fields.itemId)
  if (fields.audience !== undefined) body.append('audience', JSON.stringify(fields.audience))
  body.append('file', options.file, options.file.name)

  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(options.method, options.url)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('X-Requested-With', 'veiligheidsplanner')
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total)
    }
    xhr.onload = () => {
      let payload: unknown
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        payload = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as T)
        return
      }
      // The session ended while the file was chosen or sent: sign in again, then send it again.
      if (xhr.status === 401 && !options.signal?.aborted) {
        answerUnauthorized({ method: options.method, path: options.url }).then((answer) => {
          if (answer === 'retry') sendFile<T>(options).then(resolve, reject)
          else reject(toApiError(new Response(null, { status: 401 }), payload))
        }, reject)
        return
      }
      const retryAfter = xhr.getResponseHeader('retry-after')
      const response = new Response(null, {
        status: xhr.status,
        headers: retryAfter ? { 'retry-after': retryAfter } : {},
      })
      reject(toApiError(response, payload))
    }
    // The server may answer 413 and close the connection before the body is sent: the browser then
    // reports a network error, never the answer.
    xhr.onerror = () => reject(new ApiError(0, 'network', 'upload failed'))
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'))
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(body)
  })
}

/** Adds one file to the case (or a step, or an item). */
export function uploadDocument(
  caseId: string,
  file: File,
  fields: UploadFields,
  options: Pick<SendFileOptions, 'onProgress' | 'signal'> = {},
) {
  return sendFile<Document>({ method: 'POST', url: documentsPath(caseId), file, fields, ...options })
}

/** A new version of a document, on top of the version (ETag) the user saw. */
export function uploadDocumentVersion(
  caseId: string,
  documentId: string,
  version: number,
  file: File,
  options: Pick<SendFileOptions, 'onProgress' | 'signal'> = {},
) {
  return sendFile<Document>({
    method: 'POST',
    url: `${documentPath(caseId, documentId)}/versions`,
    file,
    headers: ifMatch(version),
    ...options,
  })
}

/** Rename, move or change the audience, on top of the version the user saw. */
export function useUpdateDocument(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ documentId, version, body }: { documentId: string; version: number; body: UpdateDocumentBody }) =>
      api.patch<Document>(documentPath(caseId, documentId), body, { headers: ifMatch(version) }),
    onSettled: () => invalidateDocuments(queryClient, caseId),
  })
}

export function useDeleteDocument(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ documentId, version }: { documentId: string; version: number }) =>
      api.delete<unknown>(documentPath(caseId, documentId), { headers: ifMatch(version) }),
    onSettled: (_ok, error, { documentId }) => invalidateDocuments(queryClient, caseId, error ? undefined : documentId),
  })
}

/** "Gelezen": recorded once per person. */
export function useAcknowledgeDocument(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ documentId }: { documentId: string }) =>
      api.put<unknown>(`${documentPath(caseId, documentId)}/acknowledgement`, {}),
    onSettled: () => invalidateDocuments(queryClient, caseId),
  })
}
