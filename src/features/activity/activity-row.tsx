import type { IntlShape } from 'react-intl';
import { useId, useState } from 'react';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUp from '@mui/icons-material/KeyboardArrowUp';
import { Link as RouterLink } from 'react-router';
import { useIntl } from 'react-intl';
import type { ActivityEntry } from '../../../server/contract/activity';
import { importJobHref, moveJobHref } from '../../config/paths';
import { activityActionWords, activityOutcomeWords } from '../../lib/activity-words';
import { formatLocalTime } from '../../lib/format-time';
import { UndoFromActivity } from '../move/undo-from-activity';
import { ActivityDetails } from './activity-details';
import { UndoMoveEntry } from './undo-move-entry';

const outcomeColor = {
  success: 'success',
  partial: 'warning',
  failure: 'error',
  pending: 'warning',
} as const;
const SHOWN_IDS = 5;

/** The leads by id, the first few; an import's item lists only some of its ids but counts its results in full. */
function leadsText(intl: IntlShape, ids: number[], importLeadCount?: number): string {
  const count = importLeadCount ?? ids.length;
  if (count === 0) return '—';
  const values = { count, ids: ids.slice(0, SHOWN_IDS).join(', '), more: Math.max(0, count - SHOWN_IDS) };
  // An import's count adds up its entries, where a lead written twice counts twice: results, not leads.
  return intl.formatMessage(
    { id: importLeadCount === undefined ? 'activity.leads' : 'activity.leadResults' },
    values,
  );
}

/** When it happened; an import's item spans from its start to its latest entry. */
function timeText(intl: IntlShape, entry: ActivityEntry): string {
  const last = entry.importJob?.lastAt;
  const start = formatLocalTime(intl, entry.at);
  if (last === undefined) return start;
  const end = formatLocalTime(intl, last);
  return end === start ? start : `${start} – ${end}`;
}

export const ACTIVITY_COLUMNS = 7;

/** One audit entry (or one import job's entries); its per-lead outcomes and request ids open beneath it. */
export function ActivityRow({ entry }: { entry: ActivityEntry }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const intl = useIntl();
  const action = intl.formatMessage({ id: activityActionWords[entry.action] });
  return (
    <>
      <TableRow sx={{ '& > td': { borderBottom: open ? 'unset' : undefined } }}>
        <TableCell>
          <IconButton
            size="small"
            aria-label={intl.formatMessage(
              { id: 'activity.detailsOf' },
              { action, time: formatLocalTime(intl, entry.at) },
            )}
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUp /> : <KeyboardArrowDown />}
          </IconButton>
        </TableCell>
        <TableCell>{timeText(intl, entry)}</TableCell>
        <TableCell>{entry.user.email}</TableCell>
        <TableCell>
          {/* No link to a job the reader may not open: it touched one of their leads from another partition. */}
          {entry.importJob?.jobVisible ? (
            <Link
              component={RouterLink}
              to={
                entry.action === 'lead.move'
                  ? moveJobHref(entry.importJob.id)
                  : importJobHref(entry.importJob.id)
              }
            >
              {action}
            </Link>
          ) : (
            action
          )}
        </TableCell>
        <TableCell>{entry.partitions.length > 0 ? entry.partitions.join(', ') : '—'}</TableCell>
        <TableCell>{leadsText(intl, entry.leadIds, entry.importJob?.leadCount)}</TableCell>
        <TableCell>
          <Chip
            size="small"
            label={intl.formatMessage({ id: activityOutcomeWords[entry.outcome] })}
            color={outcomeColor[entry.outcome]}
          />
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={detailsId}>
          <TableCell />
          <TableCell colSpan={ACTIVITY_COLUMNS - 1}>
            <ActivityDetails entry={entry} />
            {entry.action === 'lead.move' && entry.importJob?.jobVisible && (
              <UndoFromActivity jobId={entry.importJob.id} />
            )}
            {entry.action === 'lead.move' && !entry.importJob && entry.leads.some((lead) => lead.from) && (
              <UndoMoveEntry entry={entry} />
            )}
          </TableCell>
        </TableRow>
      )}
    </>
  );
}
