import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { DataTable, type Column, type ListQueryState } from './DataTable';

type Row = { id: number; name: string; size: number };
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', sortField: 'name', cell: (row) => row.name },
  { key: 'size', header: 'Size', numeric: true, cell: (row) => row.size },
];
const loaded = (items: Row[], total = items.length): ListQueryState<Row> => ({
  isPending: false,
  isError: false,
  error: null,
  data: { items, total },
  refetch: vi.fn(),
});

function renderTable(
  query: ListQueryState<Row>,
  props: { sort?: string; onSortChange?: (sort: string) => void } = {},
) {
  const onPageChange = vi.fn();
  render(
    <I18nProvider>
      <DataTable
        query={query}
        columns={columns}
        rowKey={(row) => row.id}
        empty={<p>nothing here</p>}
        page={1}
        pageSize={2}
        onPageChange={onPageChange}
        {...props}
      />
    </I18nProvider>,
  );
  return { onPageChange };
}

describe('DataTable', () => {
  it('shows a skeleton, then an error with retry, then the empty state', () => {
    const refetch = vi.fn();
    const { unmount } = render(
      <I18nProvider>
        <DataTable
          query={{ ...loaded([]), isPending: true }}
          columns={columns}
          rowKey={(r) => r.id}
          empty="none"
        />
      </I18nProvider>,
    );
    expect(screen.getByRole('status', { name: 'Loading…' })).toBeTruthy();
    unmount();

    renderTable({ ...loaded([]), isError: true, error: new Error('boom'), data: undefined, refetch });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalled();
  });

  it('shows the empty state for an empty page', () => {
    renderTable(loaded([]));
    expect(screen.getByText('nothing here')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('renders rows, sorts by the column field and pages', () => {
    const onSortChange = vi.fn();
    const { onPageChange } = renderTable(
      loaded(
        [
          { id: 1, name: 'a', size: 3 },
          { id: 2, name: 'b', size: 4 },
        ],
        5,
      ),
      { sort: 'name', onSortChange },
    );
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Name' }));
    expect(onSortChange).toHaveBeenCalledWith('-name');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onPageChange).toHaveBeenCalledWith(2);
  });
});
