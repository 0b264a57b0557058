import type { ReactNode } from 'react';
import { ExportCsvLink, FilterBar } from './list-filters';
import { EmptyState, listHref, Pagination, Section, Table, th } from './primitives';

export interface ListColumn {
  /** The header; `hidden` keeps it for screen readers only (an actions column). */
  label: string;
  align?: 'right';
  hidden?: boolean;
}

/** Text that may differ when filters are in force. */
type ByFilter = string | { all: string; filtered: string };
const pick = (text: ByFilter, filtered: boolean) => (typeof text === 'string' ? text : filtered ? text.filtered : text.all);

/**
 * The dashboard's one list: a section with its filters (a GET form), the table, the empty state and
 * pagination that keeps the filters, and Export CSV of every row the filters select. Payments,
 * checkout links, deliveries and refunds are each this component with their own columns and row.
 */
export function ListSection<Row>({
  id,
  base,
  noun,
  label,
  title,
  filters,
  filterControls,
  toolbar,
  exportHref,
  columns,
  rows,
  renderRow,
  empty,
  paging,
}: {
  id: string;
  /** The page's path; filters and pages are its query string. */
  base: string;
  /** Plural, lower case: "payments". */
  noun: string;
  /** The table's caption and the filter form's name. */
  label: string;
  title: ByFilter;
  /** The filters in force (without the page). */
  filters: Record<string, string | number | undefined>;
  /** The filter form's controls (a GET form around them is added)… */
  filterControls?: ReactNode;
  /** …or a toolbar of its own (tabs). */
  toolbar?: ReactNode;
  exportHref?: string;
  columns: ListColumn[];
  rows: Row[];
  renderRow: (row: Row) => ReactNode;
  empty: ByFilter;
  paging: { page: number; pageCount: number; total: number; pageSize: number };
}) {
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return (
    <Section
      id={id}
      title={pick(title, filtered)}
      actions={exportHref ? <ExportCsvLink href={listHref(exportHref, filters)} noun={noun} /> : undefined}
      flush
    >
      {filterControls ? (
        <FilterBar action={base} label={`Filter ${label.toLowerCase()}`} clearHref={base} active={filtered}>
          {filterControls}
        </FilterBar>
      ) : toolbar}
      <Table
        label={label}
        head={
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.align === 'right' ? `${th} text-right` : th}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        }
        empty={rows.length === 0 ? <EmptyState>{pick(empty, filtered)}</EmptyState> : null}
      >
        {rows.map(renderRow)}
      </Table>
      <Pagination {...paging} href={(page) => listHref(base, { ...filters, page })} noun={noun} />
    </Section>
  );
}
