import { useIntl } from 'react-intl'
import { useDates } from '../../../components/dates.ts'
import { useT } from '../../../components/use-t.ts'
import type { FieldSpec, FormValues, ItemContext } from './fields.ts'

/** Amounts in euros, whole: "€ 18.400" in Dutch. */
export function useMoney() {
  const intl = useIntl()
  return (value: number) =>
    intl.formatNumber(value, { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 })
}

/**
 * How an item's field reads on a card and in the conflict dialog: option labels instead of codes,
 * titles instead of ids, dates and amounts in the reader's language. Null when there is nothing to show.
 */
export function useFieldDisplay(ctx: ItemContext) {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const money = useMoney()
  const number = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 2 })
  const orgName = (id: unknown) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')
  const itemTitle = (id: string) =>
    [...ctx.signals, ...ctx.subproblems, ...ctx.goals, ...ctx.actions].find((i) => i.id === id)?.title ??
    t('item.unknown')

  return (spec: FieldSpec, fields: Record<string, unknown>, values?: FormValues): string | null => {
    const value = fields[spec.name]
    if (value === null || value === undefined || value === '') return null
    switch (spec.type) {
      case 'number': {
        if (typeof value !== 'number' || Number.isNaN(value)) return null
        let text =
          spec.format === 'euro'
            ? money(value)
            : spec.format === 'hoursPerWeek'
              ? t('unit.hoursPerWeek', { value: number(value) })
              : number(value)
        const unit = spec.unitField ? fields[spec.unitField] : null
        if (typeof unit === 'string' && unit) text = unit === '%' ? `${text}%` : `${text} ${unit}`
        const date = spec.dateField ? fields[spec.dateField] : null
        if (typeof date === 'string' && date) text = t('unit.onDate', { value: text, date: dates.date(date) })
        return text
      }
      case 'date':
        return typeof value === 'string' ? dates.date(value) : null
      case 'checkboxes': {
        if (!Array.isArray(value) || value.length === 0) return null
        const labels = spec.options ? spec.options(ctx, t, values ?? {}) : []
        return intl.formatList(
          (value as string[]).map((v) => labels.find((o) => o.value === v)?.label ?? itemTitle(v)),
          { type: 'conjunction' },
        )
      }
      case 'participants': {
        const list = value as { organisationId: string; hours: number }[]
        if (!Array.isArray(list) || list.length === 0) return null
        return intl.formatList(
          list.map((p) => t('unit.orgHours', { organisation: orgName(p.organisationId), hours: number(p.hours) })),
          { type: 'conjunction' },
        )
      }
      case 'select':
      case 'radio': {
        if (spec.name.endsWith('OrganisationId')) return orgName(value)
        if (spec.name === 'trekkerUserId') return ctx.members.find((m) => m.userId === value)?.name ?? null
        const options = spec.options ? spec.options(ctx, t, values ?? (fields as FormValues)) : []
        return options.find((o) => o.value === String(value))?.label ?? String(value)
      }
      default:
        return String(value)
    }
  }
}
