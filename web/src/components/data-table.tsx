import {
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react'
import { type ReactNode, useId } from 'react'
import { ScrollTable } from './scroll-table.tsx'

export interface Column<R> {
  key: string
  /** The column header. */
  header: ReactNode
  /**
   * What a stacked cell says before its value on a narrow screen; by default the header when it is
   * text. Empty for a column whose cells speak for themselves (a bar, buttons).
   */
  label?: string
  /** Numbers: aligned at the end, with tabular figures. */
  numeric?: boolean
  /** The header cell of each row (`<th scope="row">`). By default the first column is. */
  rowHeader?: boolean
  cell: (row: R, index: number) => ReactNode
  /** Extra classes of the column's cells, e.g. a matrix cell coloured by its value. */
  className?: string | ((row: R) => string | undefined)
  headerClassName?: string
  /** Hidden from assistive technology: a decorative picture of numbers the row already gives. */
  decorative?: boolean
}

/** A footer row (totals): a header and the cells of the columns it fills, by column key. */
export interface FooterRow {
  key: string
  header: ReactNode
  cells: Partial<Record<string, ReactNode>>
  className?: string
}

type Naming =
  /** The caption names the table; visually hidden unless `captionVisible`. */
  | { caption: ReactNode; captionVisible?: boolean; labelledBy?: never }
  /** Or a visible heading just above it names the table. */
  | { labelledBy: string; caption?: never; captionVisible?: never }

export type DataTableProps<R> = Naming & {
  columns: readonly Column<R>[]
  rows: readonly R[]
  rowKey: (row: R) => string
  rowClassName?: (row: R) => string | undefined
  /** Shown instead of the table when there are no rows. Without it an empty table is shown. */
  empty?: ReactNode
  footer?: readonly FooterRow[]
  /**
   * `stack` (default): on a narrow screen each row becomes a block, every cell under its column's
   * label. `scroll`: a matrix whose columns only make sense side by side scrolls on its own instead.
   */
  layout?: 'stack' | 'scroll'
  className?: string
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined

/**
 * The one table of the app, on Utrecht's table: a caption (or a heading) names it, column headers
 * have scope, each row has a header cell, numbers line up, an empty list says so, and a narrow
 * screen (320 px, 400% zoom) never scrolls the page sideways (WCAG 1.4.10).
 */
export function DataTable<R>(props: DataTableProps<R>) {
  const captionId = useId()
  const layout = props.layout ?? 'stack'
  if (props.rows.length === 0 && props.empty !== undefined) {
    return <Paragraph className="vp-muted vp-table__empty">{props.empty}</Paragraph>
  }
  const headerIndex = Math.max(
    0,
    props.columns.findIndex((c) => c.rowHeader),
  )
  const labelOf = (column: Column<R>) => column.label ?? (typeof column.header === 'string' ? column.header : undefined)
  const numeric = (column: Column<R>) => classes(column.numeric && 'utrecht-table__cell--numeric-data')

  return (
    <ScrollTable labelledBy={props.labelledBy ?? captionId}>
      <Table
        className={classes('utrecht-table--html-table vp-table', `vp-table--${layout}`, props.className)}
        aria-labelledby={props.labelledBy}
      >
        {props.caption !== undefined && (
          <TableCaption id={captionId} className={props.captionVisible ? undefined : 'vp-visually-hidden'}>
            {props.caption}
          </TableCaption>
        )}
        <TableHeader>
          <TableRow>
            {props.columns.map((column) => (
              <TableHeaderCell
                key={column.key}
                scope="col"
                numericColumn={column.numeric}
                className={classes(column.headerClassName, numeric(column))}
              >
                {column.header}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((row, index) => (
            <TableRow key={props.rowKey(row)} className={props.rowClassName?.(row)}>
              {props.columns.map((column, c) => {
                const className = classes(
                  typeof column.className === 'function' ? column.className(row) : column.className,
                  numeric(column),
                )
                const cellProps = {
                  className,
                  'data-label': labelOf(column) ?? '',
                  'aria-hidden': column.decorative || undefined,
                }
                return c === headerIndex ? (
                  <TableHeaderCell
                    key={column.key}
                    scope="row"
                    {...cellProps}
                    className={classes('vp-table__row-header', className)}
                  >
                    {column.cell(row, index)}
                  </TableHeaderCell>
                ) : (
                  <TableCell key={column.key} numericColumn={column.numeric} {...cellProps}>
                    {layout === 'stack' ? (
                      // One grid item beside the label, however many elements the cell holds.
                      <div className="vp-table__value">{column.cell(row, index)}</div>
                    ) : (
                      column.cell(row, index)
                    )}
                  </TableCell>
                )
              })}
            </TableRow>
          ))}
        </TableBody>
        {props.footer && props.footer.length > 0 && (
          <TableFooter>
            {props.footer.map((row) => (
              <TableRow key={row.key} className={row.className}>
                {props.columns.map((column, c) =>
                  c === headerIndex ? (
                    <TableHeaderCell key={column.key} scope="row" className="vp-table__row-header">
                      {row.header}
                    </TableHeaderCell>
                  ) : (
                    <TableCell
                      key={column.key}
                      numericColumn={column.numeric}
                      className={numeric(column)}
                      data-label={row.cells[column.key] === undefined ? '' : (labelOf(column) ?? '')}
                    >
                      {row.cells[column.key]}
                    </TableCell>
                  ),
                )}
              </TableRow>
            ))}
          </TableFooter>
        )}
      </Table>
    </ScrollTable>
  )
}
