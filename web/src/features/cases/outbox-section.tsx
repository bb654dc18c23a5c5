import { Button, Heading2, Paragraph } from '@utrecht/component-library-react'
import { useOutbox } from '../../api/cases.ts'
import { useDates } from '../../components/dates.ts'
import { LoadError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { useT } from '../../components/use-t.ts'

/** Every message the case sent or would have sent (projectleider): the record of who was told what. */
export function OutboxSection({ caseId }: { caseId: string }) {
  const t = useT()
  const dates = useDates()
  const outbox = useOutbox(caseId)
  const messages = outbox.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <section aria-labelledby="berichten" className="vp-section">
      <Heading2 id="berichten">{t('outbox.title')}</Heading2>
      <Paragraph>{t('outbox.intro')}</Paragraph>
      {outbox.isPending ? (
        <Loading />
      ) : outbox.isError ? (
        <LoadError onRetry={() => void outbox.refetch()} />
      ) : messages.length === 0 ? (
        <Paragraph className="vp-muted">{t('outbox.none')}</Paragraph>
      ) : (
        <ul className="vp-outbox">
          {messages.map((m) => (
            <li key={m.id} className="vp-card vp-outbox__item">
              <p className="vp-outbox__subject">{m.subject}</p>
              <dl className="vp-facts vp-facts--inline">
                <div>
                  <dt>{t('outbox.to')}</dt>
                  <dd>{m.to}</dd>
                </div>
                <div>
                  <dt>{t('outbox.date')}</dt>
                  <dd>
                    <time dateTime={m.createdAt}>{dates.dateTime(m.createdAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('outbox.status')}</dt>
                  <dd>
                    {t(`delivery.${m.status}`)}
                    {m.error && <span> ({m.error})</span>}
                  </dd>
                </div>
                {m.attempts > 0 && (
                  <div>
                    <dt>{t('outbox.attempts')}</dt>
                    <dd>
                      {m.attempts}
                      {m.nextAttemptAt && (
                        <span>
                          {' '}
                          ({t('outbox.nextAttempt')}{' '}
                          <time dateTime={m.nextAttemptAt}>{dates.dateTime(m.nextAttemptAt)}</time>)
                        </span>
                      )}
                    </dd>
                  </div>
                )}
              </dl>
              <details className="vp-details">
                <summary>{t('outbox.showBody')}</summary>
                <p className="vp-outbox__body">{m.body}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
      {outbox.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          busy={outbox.isFetchingNextPage}
          onClick={() => void outbox.fetchNextPage()}
        >
          {t('app.loadMore')}
        </Button>
      )}
    </section>
  )
}
