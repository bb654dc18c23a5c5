import { Button, Heading2, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Case, PresencePerson } from '@vp/shared'
import { createContext, useCallback, useContext, useId, useMemo, useState } from 'react'
import { NavLink, Outlet, useLocation, useOutletContext, useParams } from 'react-router'
import { useCurrentUser } from '../../api/auth.ts'
import { useCase } from '../../api/cases.ts'
import { STEP_NUMBERS, type StepNumber } from '../../api/steps.ts'
import { useFollowCase, usePresence, useReportPresence } from '../../app/live-hooks.ts'
import { useDates } from '../../components/dates.ts'
import { isNotFound, LoadError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { ButtonLink, TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import type { MessageId } from '../../i18n/messages.ts'

/** The pages of a case besides its six steps, in the order of the in-case navigation. */
const SECTIONS: { path: string; label: MessageId }[] = [
  { path: '', label: 'caseNav.overview' },
  { path: 'projectgroep', label: 'caseNav.projectGroup' },
  { path: 'documenten', label: 'caseNav.documents' },
  { path: 'activiteit', label: 'caseNav.activity' },
  { path: 'samenvatting', label: 'summary.nav' },
]

/** What a page inside a case gets from the case layout. */
export function useCaseContext(): Case {
  return useOutletContext<Case>()
}

interface EditingContextValue {
  /** Tells the others which item I am editing (null: none); the last form opened wins. */
  setEditing: (itemId: string, editing: boolean) => void
}

const EditingContext = createContext<EditingContextValue>({ setEditing: () => {} })

/** For an item form: while it is open, everyone in the case sees that I am editing the item. */
export function useEditingPresence() {
  return useContext(EditingContext).setEditing
}

/** The step a path inside a case is about, or null for the overview, project group, documents, activity and summary. */
function stepOfPath(pathname: string): StepNumber | null {
  const match = /\/stap\/([1-6])(?:\/|$)/.exec(pathname)
  return match ? (Number(match[1]) as StepNumber) : null
}

/** Header, in-case navigation (with the six steps) and the current page of one case (`/dossiers/:caseId/...`). */
export function CaseLayout() {
  const t = useT()
  const { caseId = '' } = useParams()
  const query = useCase(caseId)

  if (query.isPending) return <Loading />
  if (query.isError) {
    if (isNotFound(query.error)) {
      return (
        <>
          <PageHeading>{t('case.notFound.title')}</PageHeading>
          <Paragraph>{t('case.notFound.body')}</Paragraph>
          <Paragraph>
            <TextLink to="/">{t('notFound.home')}</TextLink>
          </Paragraph>
        </>
      )
    }
    return <LoadError onRetry={() => void query.refetch()} />
  }
  // Keyed by case: following a case starts from that case's own lastSeq.
  return <LoadedCase key={query.data.id} theCase={query.data} />
}

function LoadedCase({ theCase }: { theCase: Case }) {
  const t = useT()
  const { pathname } = useLocation()
  const base = `/dossiers/${theCase.id}`
  const step = stepOfPath(pathname)
  const current = SECTIONS.find((s) => s.path && pathname.startsWith(`${base}/${s.path}`)) ?? SECTIONS[0]!
  const lead = theCase.projectleider

  useFollowCase(theCase.id, theCase.lastSeq)
  const editing = useEditingStack()
  useReportPresence(theCase.id, step, editing.current)

  const pageName = step
    ? t('step.heading', { n: step, name: t(`step.${step}`) })
    : current.path
      ? t(current.label)
      : null

  return (
    <EditingContext.Provider value={editing.context}>
      <div className="vp-case">
        <header className="vp-case-header">
          <p className="vp-case-header__kicker">{t('case.kicker', { gemeente: theCase.gemeente })}</p>
          <PageHeading documentTitle={pageName ? `${pageName} – ${theCase.title}` : theCase.title}>
            {theCase.title}
          </PageHeading>
          <p className="vp-badges">
            <StatusBadge status={theCase.status === 'active' ? 'active' : 'inactive'}>
              {t(`caseStatus.${theCase.status}`)}
            </StatusBadge>
          </p>
          <dl className="vp-facts vp-facts--inline">
            <div>
              <dt>{t('case.gemeente')}</dt>
              <dd>{theCase.gemeente}</dd>
            </div>
            <div>
              <dt>{t('case.theme')}</dt>
              <dd>{t(`theme.${theCase.theme}`)}</dd>
            </div>
            <div>
              <dt>{t('case.problemType')}</dt>
              <dd>{t(`problemType.${theCase.problemType}`)}</dd>
            </div>
            <div>
              <dt>{t('role.projectleider.title')}</dt>
              <dd>
                {lead
                  ? lead.organisation
                    ? t('person.withOrganisation', { name: lead.name, organisation: lead.organisation.name })
                    : lead.name
                  : t('case.noProjectleider')}
              </dd>
            </div>
          </dl>
          <PresenceList caseId={theCase.id} />
        </header>
        <nav className="vp-case-nav" aria-label={t('caseNav.label')}>
          <ul className="vp-case-nav__list">
            {SECTIONS.map((section) => (
              <li key={section.path} className="vp-case-nav__item">
                <NavLink to={section.path ? `${base}/${section.path}` : base} end className="vp-case-nav__link">
                  {t(section.label)}
                </NavLink>
              </li>
            ))}
          </ul>
          <StepNavigation theCase={theCase} />
        </nav>
        {current.path === '' && !step && <PartnerWelcome theCase={theCase} />}
        <Outlet context={theCase} />
      </div>
    </EditingContext.Provider>
  )
}

/**
 * Which item forms are open, newest last: presence reports the newest. A stack rather than one
 * value, so closing one form of two does not hide the other.
 */
function useEditingStack() {
  const [stack, setStack] = useState<string[]>([])
  const setEditing = useCallback((itemId: string, editing: boolean) => {
    setStack((s) => {
      const without = s.filter((id) => id !== itemId)
      return editing ? [...without, itemId] : without
    })
  }, [])
  const context = useMemo(() => ({ setEditing }), [setEditing])
  return { current: stack[stack.length - 1] ?? null, context }
}

/** The six steps as an ordered list of links, each with its status and deadline. */
function StepNavigation({ theCase }: { theCase: Case }) {
  const t = useT()
  const dates = useDates()
  const base = `/dossiers/${theCase.id}`
  return (
    <ol className="vp-stepper" aria-label={t('caseNav.steps')}>
      {STEP_NUMBERS.map((n) => {
        const brief = theCase.steps.find((s) => s.step === n)
        const status = brief?.status ?? 'not_started'
        const modifier = brief?.overdue ? 'overdue' : status
        return (
          <li key={n} className={`vp-stepper__item vp-stepper__item--${modifier}`}>
            <NavLink to={`${base}/stap/${n}`} aria-current="step" className="vp-stepper__link">
              <span className="vp-stepper__number" aria-hidden="true">
                {status === 'closed' ? '✓' : n}
              </span>
              <span className="vp-stepper__text">
                <span className="vp-stepper__name">
                  <span className="vp-visually-hidden">{t('step.number', { n })} </span>
                  {t(`step.${n}`)}
                </span>
                <span className="vp-stepper__status">
                  {brief?.overdue ? t('stepStatus.overdue') : t(`stepStatus.${status}`)}
                  {brief?.deadline && status !== 'closed' && (
                    <>
                      {' · '}
                      {t('step.deadlineShort', {
                        date:
                          theCase.problemType === 'acuut'
                            ? dates.deadline(brief.deadline, true)
                            : dates.short(brief.deadline),
                      })}
                    </>
                  )}
                </span>
              </span>
            </NavLink>
          </li>
        )
      })}
    </ol>
  )
}

/** Who else is in the case right now, and on which step: the people one could call. */
function PresenceList({ caseId }: { caseId: string }) {
  const t = useT()
  const me = useCurrentUser()
  const people = usePresence(caseId).filter((p) => p.userId !== me.id)
  const headingId = useId()
  return (
    <div className="vp-presence">
      <span id={headingId} className="vp-presence__label">
        {t('presence.label')}
      </span>{' '}
      {people.length === 0 ? (
        <span className="vp-muted">{t('presence.onlyYou')}</span>
      ) : (
        <ul className="vp-presence__list" aria-labelledby={headingId}>
          {people.map((p) => (
            <li key={p.userId} className="vp-presence__person">
              <span className="vp-presence__dot" aria-hidden="true" />
              {describePresence(t, p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function describePresence(t: ReturnType<typeof useT>, p: PresencePerson) {
  const who = p.organisation
    ? t('person.withOrganisation', { name: p.name, organisation: p.organisation.name })
    : p.name
  const step = p.step && p.step >= 1 && p.step <= 6 ? (p.step as StepNumber) : null
  return step ? t('presence.onStep', { who, n: step, name: t(`step.${step}`) }) : t('presence.inCase', { who })
}

/** The anchor of an organisation's card on the project group page. */
export function organisationAnchor(organisationId: string) {
  return `organisatie-${organisationId}`
}

const welcomeKey = (caseId: string, userId: string) => `vp.welcome.dismissed.${caseId}.${userId}`

function readDismissed(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1'
  } catch {
    return false
  }
}

/**
 * A partner's first landing in a case: on whose behalf they take part, and the first thing asked of
 * them (belang, rol and deelname of their organisation, on the project group page). Gone once those
 * are filled in, or dismissed (remembered per case in this browser).
 */
function PartnerWelcome({ theCase }: { theCase: Case }) {
  const t = useT()
  const me = useCurrentUser()
  const headingId = useId()
  const key = welcomeKey(theCase.id, me.id)
  const [dismissed, setDismissed] = useState(() => readDismissed(key))
  const { organisation, role } = theCase.me
  // The organisation's seat: its first member in the server's order, as on the project group page.
  const seat = theCase.members.find((m) => m.organisation.id === organisation.id)
  const own = theCase.members.find((m) => m.id === theCase.me.memberId)
  const todo = seat ? !seat.belang || !seat.roleText || seat.commitment === 'pending' : false
  if (role !== 'partner' || !todo || dismissed || !(own?.abilities.update ?? true)) return null

  const dismiss = () => {
    try {
      window.localStorage.setItem(key, '1')
    } catch {
      // Private mode: dismissed for this visit only.
    }
    setDismissed(true)
  }

  return (
    <section aria-labelledby={headingId} className="vp-welcome">
      <Notice>
        <Heading2 id={headingId} className="vp-welcome__title">
          {t('welcome.title')}
        </Heading2>
        <Paragraph>{t('welcome.role', { organisation: organisation.name, role: t(`role.${role}`) })}</Paragraph>
        <Paragraph>{t('welcome.ask', { organisation: organisation.name })}</Paragraph>
        <div className="vp-welcome__actions">
          <ButtonLink
            to={`/dossiers/${theCase.id}/projectgroep#${organisationAnchor(organisation.id)}`}
            appearance="primary-action"
          >
            {t('welcome.link')}
          </ButtonLink>
          <Button appearance="subtle-button" onClick={dismiss}>
            {t('welcome.dismiss')}
          </Button>
        </div>
      </Notice>
    </section>
  )
}
