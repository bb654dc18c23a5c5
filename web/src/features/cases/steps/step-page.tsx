import { Paragraph } from '@utrecht/component-library-react'
import { Fragment, useEffect, useRef } from 'react'
import { useLocation, useParams } from 'react-router'
import { isStepNumber, type StepNumber, useStep } from '../../../api/steps.ts'
import { LoadError } from '../../../components/errors.tsx'
import { Loading } from '../../../components/loading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { TextLink } from '../../../components/router-links.tsx'
import { SectionHeading } from '../../../components/section-heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { useCaseContext } from '../case-layout.tsx'
import { DocumentsSection } from '../documents/documents-section.tsx'
import { Step1 } from './step-1.tsx'
import { Step2 } from './step-2.tsx'
import { Step3 } from './step-3.tsx'
import { Step4 } from './step-4.tsx'
import { Step5 } from './step-5.tsx'
import { Step6 } from './step-6.tsx'
import type { StepContentProps } from './step-content.ts'
import { StepStatusPanel } from './step-status.tsx'

const CONTENT: Record<StepNumber, (props: StepContentProps) => React.JSX.Element> = {
  1: Step1,
  2: Step2,
  3: Step3,
  4: Step4,
  5: Step5,
  6: Step6,
}

/** `/dossiers/:caseId/stap/:step`: one of the six steps, with its status, controls and items. */
export function StepPage() {
  const t = useT()
  const theCase = useCaseContext()
  const { step: param } = useParams()
  const n = Number(param)
  const valid = isStepNumber(n)
  const query = useStep(theCase.id, valid ? n : 1, valid)
  const { hash } = useLocation()

  // A link to one item (from Mijn overzicht or a notification): show it once the step has loaded,
  // once only, so a live refresh later never moves the page.
  const shownHash = useRef<string | null>(null)
  useEffect(() => {
    if (!query.data || !hash.startsWith('#item-') || shownHash.current === hash) return
    const card = document.getElementById(hash.slice(1))
    if (!card) return
    shownHash.current = hash
    card.scrollIntoView({ block: 'start' })
    card.querySelector<HTMLElement>('.vp-item__title')?.focus({ preventScroll: true })
  }, [query.data, hash])

  if (!valid) {
    return (
      <section className="vp-section">
        <SectionHeading>{t('step.notFound')}</SectionHeading>
        <Paragraph>
          <TextLink to={`/dossiers/${theCase.id}`}>{t('caseNav.overview')}</TextLink>
        </Paragraph>
      </section>
    )
  }

  const name = t(`step.${n}`)
  const step = query.data
  const isLead = theCase.abilities.update
  const active = theCase.status === 'active'
  const open = Boolean(step && active && step.status === 'open')
  const writable = Boolean(step && active && (step.status === 'open' || (step.status === 'not_started' && isLead)))
  const Content = CONTENT[n]

  return (
    <section aria-labelledby="stap" className="vp-section vp-step">
      <SectionHeading id="stap">{t('step.heading', { n, name })}</SectionHeading>
      <Paragraph className="vp-step__intro">{t(`stepIntro.${n}`)}</Paragraph>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError onRetry={() => void query.refetch()} />
      ) : (
        <Fragment key={n}>
          {!active ? (
            <Notice>
              <Paragraph>{t('step.caseClosed')}</Paragraph>
            </Notice>
          ) : step!.status === 'closed' ? (
            <Notice>
              <Paragraph>{t('step.closedNotice')}</Paragraph>
            </Notice>
          ) : step!.status === 'not_started' ? (
            <Notice>
              <Paragraph>{isLead ? t('step.notStartedLead') : t('step.notStarted')}</Paragraph>
            </Notice>
          ) : null}
          <StepStatusPanel theCase={theCase} step={step!} />
          <Content theCase={theCase} step={step!} writable={writable} open={open} />
          <div className="vp-section">
            <DocumentsSection
              theCase={theCase}
              filter={{ step: n }}
              target={{ step: n }}
              heading={{ text: t('documents.stepHeading'), level: 3 }}
              where={t('documents.where.step')}
              empty={t('documents.stepNone')}
            />
          </div>
          <StepPager caseId={theCase.id} n={n} />
        </Fragment>
      )}
    </section>
  )
}

function StepPager({ caseId, n }: { caseId: string; n: StepNumber }) {
  const t = useT()
  const base = `/dossiers/${caseId}/stap`
  return (
    <nav className="vp-pager" aria-label={t('step.pager')}>
      {n > 1 && (
        <TextLink to={`${base}/${n - 1}`} className="vp-pager__prev">
          {t('step.previous', { name: t('step.heading', { n: n - 1, name: t(`step.${(n - 1) as StepNumber}`) }) })}
        </TextLink>
      )}
      {n < 6 && (
        <TextLink to={`${base}/${n + 1}`} className="vp-pager__next">
          {t('step.next', { name: t('step.heading', { n: n + 1, name: t(`step.${(n + 1) as StepNumber}`) }) })}
        </TextLink>
      )}
    </nav>
  )
}
