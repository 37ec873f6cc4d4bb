import { useId, useState } from 'react';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUp from '@mui/icons-material/KeyboardArrowUp';
import type { ActivityEntry } from '../../../server/contract/activity';
import { activityActionWords, activityOutcomeWords } from '../../lib/activity-words';
import { formatLocalTime } from '../../lib/format-time';
import { ActivityDetails } from './activity-details';

const outcomeColor = {
  success: 'success',
  partial: 'warning',
  failure: 'error',
  pending: 'warning',
} as const;
const SHOWN_IDS = 5;

function leadsText(ids: number[]): string {
  if (ids.length === 0) return '—';
  const shown = ids.slice(0, SHOWN_IDS).join(', ');
  const more = ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : '';
  return `${ids.length} (${shown}${more})`;
}

export const ACTIVITY_COLUMNS = 7;

/** One audit entry; its per-lead outcomes and request ids open beneath it. */
export function ActivityRow({ entry }: { entry: ActivityEntry }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const action = activityActionWords[entry.action];
  return (
    <>
      <TableRow sx={{ '& > td': { borderBottom: open ? 'unset' : undefined } }}>
        <TableCell>
          <IconButton
            size="small"
            aria-label={`Details of ${action} at ${formatLocalTime(entry.at)}`}
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUp /> : <KeyboardArrowDown />}
          </IconButton>
        </TableCell>
        <TableCell>{formatLocalTime(entry.at)}</TableCell>
        <TableCell>{entry.user.email}</TableCell>
        <TableCell>{action}</TableCell>
        <TableCell>{entry.partitions.length > 0 ? entry.partitions.join(', ') : '—'}</TableCell>
        <TableCell>{leadsText(entry.leadIds)}</TableCell>
        <TableCell>
          <Chip
            size="small"
            label={activityOutcomeWords[entry.outcome]}
            color={outcomeColor[entry.outcome]}
          />
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={detailsId}>
          <TableCell />
          <TableCell colSpan={ACTIVITY_COLUMNS - 1}>
            <ActivityDetails entry={entry} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
}
