import Checkbox from '@mui/material/Checkbox';
import TableCell from '@mui/material/TableCell';
import { useIntl } from 'react-intl';
import type { LeadSelection } from './use-lead-selection';

/** The header cell: ticks or unticks every selectable lead of the page shown. */
export function SelectPageCell({
  selection,
  pageIds,
}: {
  selection: LeadSelection;
  pageIds: readonly number[];
}) {
  const intl = useIntl();
  const ticked = pageIds.filter((id) => selection.ids.has(id)).length;
  const all = selection.allMatching || (pageIds.length > 0 && ticked === pageIds.length);
  return (
    <TableCell padding="checkbox">
      <Checkbox
        checked={all}
        indeterminate={!all && ticked > 0}
        disabled={selection.allMatching || pageIds.length === 0}
        onChange={(event) => selection.setMany(pageIds, event.target.checked)}
        slotProps={{ input: { 'aria-label': intl.formatMessage({ id: 'bulkMove.select.page' }) } }}
      />
    </TableCell>
  );
}

/** A row's cell: a checkbox for a lead the row names, empty otherwise (a row with no lead id). */
export function SelectLeadCell({
  selection,
  leadId,
}: {
  selection: LeadSelection;
  leadId: number | undefined;
}) {
  const intl = useIntl();
  return (
    <TableCell padding="checkbox">
      {leadId !== undefined && (
        <Checkbox
          checked={selection.allMatching || selection.ids.has(leadId)}
          disabled={selection.allMatching}
          onChange={() => selection.toggle(leadId)}
          slotProps={{
            input: { 'aria-label': intl.formatMessage({ id: 'bulkMove.select.lead' }, { id: leadId }) },
          }}
        />
      )}
    </TableCell>
  );
}
