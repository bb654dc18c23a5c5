import { Heading3, Paragraph } from '@utrecht/component-library-react'
import type { Case, Dashboard, FollowUp } from '@vp/shared'
import { useId } from 'react'
import { TextLink } from '../../../components/router-links.tsx'
import { useT } from '../../../components/use-t.ts'

const filled = (v: string | null) => v !== null && v.trim() !== ''

/**
 * Each task of a new case's checklist, ticked from the case as it is: the profile filled in,
 * partners invited or joined, a deadline on a step, and step 1 open with partners contributing.
 */
export function nextSteps(theCase: Case, data: Dashboard, followUp: FollowUp | undefined) {
  const base = `/dossiers/${theCase.id}`
  const stepOne = theCase.steps.find((s) => s.step === 1)
  const mine = theCase.me.organisation.id
  const othersContribute =
    data.doneMatrix.some((row) => row.organisationId !== mine && row.steps[0]) ||
    (data.counts.find((c) => c.step === 1)?.items ?? 0) > 0
  return [
    {
      key: 'profile',
      done: [theCase.area, theCase.context, theCase.aanleiding, theCase.bestuurder].every(filled),
      to: `${base}/stap/1`,
    },
    {
      key: 'partners',
      done: theCase.members.length > 1 || (followUp?.invitations.length ?? 0) > 0,
      to: `${base}/projectgroep`,
    },
    { key: 'deadlines', done: theCase.steps.some((s) => s.deadline !== null), to: `${base}/stap/1` },
    {
      key: 'stepOne',
      done: stepOne?.status === 'closed' || (stepOne?.status === 'open' && othersContribute),
      to: `${base}/stap/1`,
    },
  ] as const
}

/**
 * "Volgende stap": the projectleider's checklist on a new case, until step 1 is closed or every
 * task is done. Each line says what to do and links to where it is done.
 */
export function NextSteps({
  theCase,
  data,
  followUp,
}: {
  theCase: Case
  data: Dashboard
  followUp: FollowUp | undefined
}) {
  const t = useT()
  const id = useId()
  const tasks = nextSteps(theCase, data, followUp)
  const stepOneClosed = theCase.steps.find((s) => s.step === 1)?.status === 'closed'
  if (stepOneClosed || tasks.every((task) => task.done)) return null
  const done = tasks.filter((task) => task.done).length
  return (
    <section aria-labelledby={id} className="vp-section vp-card vp-next-steps">
      <Heading3 id={id}>{t('nextSteps.title')}</Heading3>
      <Paragraph className="vp-muted">{t('nextSteps.intro', { done, total: tasks.length })}</Paragraph>
      <ol className="vp-checklist">
        {tasks.map((task) => (
          <li key={task.key} className={`vp-checklist__item${task.done ? ' vp-checklist__item--done' : ''}`}>
            <span className="vp-checklist__mark" aria-hidden="true">
              {task.done ? '✓' : ''}
            </span>
            <span>
              <TextLink to={task.to}>
                <span className="vp-checklist__text">{t(`nextSteps.${task.key}`)}</span>
              </TextLink>
              <span className="vp-visually-hidden"> ({task.done ? t('nextSteps.done') : t('nextSteps.todo')})</span>
              <span className="vp-agenda__case">{t(`nextSteps.${task.key}.how`)}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  )
}
