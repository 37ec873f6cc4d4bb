import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router';
import type { ActivityEntry } from '../../../server/contract/activity';
import { entryUndoQueries, useUndoEntry } from '../../api/entry-undo';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { moveJobHref } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';

/** A single move's Activity entry, opened: its undo while it may be undone, then a link to the undo's page. */
export function UndoMoveEntry({ entry }: { entry: ActivityEntry }) {
  const navigate = useNavigate();
  const { user } = useAccess();
  const mayUndo = user?.role === 'admin' || (user?.role === 'editor' && user.id === entry.user.id);
  const { data } = useQuery({ ...entryUndoQueries.entry(entry.id), enabled: mayUndo });
  const undo = useUndoEntry(entry.id, (job) => void navigate(moveJobHref(job.id)));
  if (!mayUndo || !data) return null;
  if (data.undoneBy !== null) {
    return (
      <Link component={RouterLink} to={moveJobHref(data.undoneBy)}>
        <FormattedMessage id="bulkMove.openUndo" />
      </Link>
    );
  }
  if (data.undoUntil === null) return null;
  return (
    <div>
      <Button size="small" variant="outlined" disabled={undo.isPending} onClick={() => undo.mutate()}>
        <FormattedMessage id="bulkMove.undo" values={{ time: <LocalTime iso={data.undoUntil} /> }} />
      </Button>
      {undo.error && <ApiErrorAlert error={undo.error} />}
    </div>
  );
}
