import { Button, Paragraph } from '@utrecht/component-library-react'
import type { SummaryFormat, SummaryVariant } from '@vp/shared'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { summaryDownloadUrl, useSummary } from '../../../api/summary.ts'
import { LoadError } from '../../../components/errors.tsx'
import { RadioGroupField } from '../../../components/form.tsx'
import { Loading } from '../../../components/loading.tsx'
import { SectionHeading } from '../../../components/section-heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { useCaseContext } from '../case-layout.tsx'
import { SummaryView } from './summary-view.tsx'
import './summary.css'

/** The variant is in the address (`?versie=raad`), so a link to the council's version stays one. */
const VARIANT_PARAM = 'versie'

const variantOf = (params: URLSearchParams): SummaryVariant => (params.get(VARIANT_PARAM) === 'raad' ? 'raad' : 'full')

/**
 * `/dossiers/:caseId/samenvatting`: the case on one page (F8), in the full or the council's version,
 * to read, print, or download as PDF or Word. The server builds it under the reader's visibility; the
 * page only shows what it is given.
 */
export function SummaryPage() {
  const t = useT()
  const theCase = useCaseContext()
  const [params, setParams] = useSearchParams()
  // Held here as well as in the address: the router applies a change of address in a transition,
  // and a controlled radio button would meanwhile jump back to the old choice.
  const fromAddress = variantOf(params)
  const [variant, setVariant] = useState(fromAddress)
  // A link to the page without (or with) the choice, followed while on it.
  useEffect(() => setVariant(fromAddress), [fromAddress])
  const summary = useSummary(theCase.id, variant)

  const chooseVariant = (value: string) => {
    setVariant(value === 'raad' ? 'raad' : 'full')
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value === 'raad') next.set(VARIANT_PARAM, 'raad')
        else next.delete(VARIANT_PARAM)
        return next
      },
      { replace: true },
    )
  }

  const download = (format: SummaryFormat, label: string) => (
    <a
      href={summaryDownloadUrl(theCase.id, format, variant)}
      download
      className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
    >
      {label}
    </a>
  )

  return (
    <section aria-labelledby="samenvatting" className="vp-section vp-summary">
      <SectionHeading id="samenvatting">{t('summary.title')}</SectionHeading>
      <Paragraph className="vp-summary__intro">{t('summary.intro')}</Paragraph>
      <div className="vp-summary__controls">
        <RadioGroupField
          name="summary-variant"
          legend={t('summary.variant.legend')}
          value={variant}
          onChange={chooseVariant}
          options={[
            { value: 'full', label: t('summary.variant.full'), description: t('summary.variant.full.description') },
            { value: 'raad', label: t('summary.variant.raad'), description: t('summary.variant.raad.description') },
          ]}
        />
        <div className="vp-summary__actions">
          {download('pdf', t('summary.downloadPdf'))}
          {download('docx', t('summary.downloadDocx'))}
          <Button appearance="secondary-action-button" onClick={() => window.print()}>
            {t('summary.print')}
          </Button>
        </div>
      </div>
      {summary.isPending ? (
        <Loading />
      ) : summary.isError ? (
        <LoadError onRetry={() => void summary.refetch()} />
      ) : (
        <SummaryView summary={summary.data} />
      )}
    </section>
  )
}
