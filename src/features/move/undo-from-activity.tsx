import Button from '@mui/material/Button';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { moveQueries, useMoveAction } from '../../api/moves';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { moveJobHref } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';

/** A bulk move's Activity item, opened: its undo, while it may be undone, then on to the undo's page. */
export function UndoFromActivity({ jobId }: { jobId: string }) {
  const navigate = useNavigate();
  const { user } = useAccess();
  const { data: job } = useQuery(moveQueries.job(jobId));
  const undo = useMoveAction(jobId, (answer) => void navigate(moveJobHref(answer.id)));
  if (!job || job.undoUntil === null || !user) return null;
  if (user.role !== 'admin' && (user.role !== 'editor' || user.id !== job.user.id)) return null;
  return (
    <div>
      <Button
        size="small"
        variant="outlined"
        disabled={undo.isPending}
        onClick={() => undo.mutate({ action: 'undo' })}
      >
        <FormattedMessage id="bulkMove.undo" values={{ time: <LocalTime iso={job.undoUntil} /> }} />
      </Button>
      {undo.error && <ApiErrorAlert error={undo.error} />}
    </div>
  );
}
