import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MoveJob } from '../../../server/contract/moves';
import { moveQueries, moveResultsCsvHref, useMoveAction } from '../../api/moves';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { moveJobHref, paths } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';
import { jobMessageWords } from '../../lib/job-message-words';
import { MoveChoices } from './move-choices';
import { MoveCounts, MoveProgress } from './move-counts';
import { MoveResults } from './move-results';
import { MoveSection } from './move-section';
import { moveStateWords } from './move-words';

/** One bulk move: its preview, then its progress, then its outcome, with every row either way. */
export function MoveJobView({ id }: { id: string }) {
  const intl = useIntl();
  const { data: job, error, refetch } = useQuery(moveQueries.job(id));
  const back = (
    <Link component={RouterLink} to={paths.moves}>
      <FormattedMessage id="bulkMove.new" />
    </Link>
  );
  if (job === undefined) {
    return (
      <Stack spacing={2}>
        {back}
        <Typography variant="h1">
          <FormattedMessage id="page.moveJob" />
        </Typography>
        {error ? (
          <ApiErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <LoadingBlock label="loading.move" />
        )}
      </Stack>
    );
  }
  return (
    <Stack spacing={3}>
      <Stack spacing={1}>
        {back}
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h1">
            <FormattedMessage
              id={job.undoOf === null && job.undoOfEntry === null ? 'bulkMove.title' : 'bulkMove.title.undo'}
              values={{ target: job.target }}
            />
          </Typography>
          <Chip label={intl.formatMessage({ id: moveStateWords[job.state] })} />
        </Stack>
        <Typography color="text.secondary">
          <FormattedMessage
            id="bulkMove.summary"
            values={{ total: job.total, time: <LocalTime iso={job.createdAt} />, email: job.user.email }}
          />
        </Typography>
        <Related job={job} />
      </Stack>
      {job.message && (
        <Alert severity={job.state === 'failed' ? 'error' : 'info'}>{jobMessageWords(intl, job)}</Alert>
      )}
      <MoveSection title={intl.formatMessage({ id: 'bulkMove.previewTitle' })}>
        {job.state === 'resolving' ? <LoadingBlock label="bulkMove.resolving" /> : <MoveCounts job={job} />}
        {job.state === 'previewed' && <MoveChoices job={job} />}
        <Actions job={job} />
      </MoveSection>
      {job.startedAt !== null && (
        <MoveSection title={intl.formatMessage({ id: 'bulkMove.progressTitle' })}>
          <MoveProgress job={job} />
        </MoveSection>
      )}
      <MoveSection title={intl.formatMessage({ id: 'bulkMove.results' })}>
        <div>
          <Button
            component="a"
            href={moveResultsCsvHref(job.id)}
            download
            variant="outlined"
            startIcon={<FileDownloadOutlined />}
          >
            <FormattedMessage id="bulkMove.download" />
          </Button>
        </div>
        <MoveResults job={job} />
      </MoveSection>
    </Stack>
  );
}

/** Links between a move and its undo. */
function Related({ job }: { job: MoveJob }) {
  if (job.undoOf === null && job.undoneBy === null) return null;
  const other = job.undoOf ?? job.undoneBy ?? '';
  return (
    <Link component={RouterLink} to={moveJobHref(other)}>
      <FormattedMessage id={job.undoOf === null ? 'bulkMove.openUndo' : 'bulkMove.openOriginal'} />
    </Link>
  );
}

/** Start, cancel and undo, for the job's owner or an admin. */
function Actions({ job }: { job: MoveJob }) {
  const navigate = useNavigate();
  const { user } = useAccess();
  const act = useMoveAction(job.id, (answer) => {
    if (answer.id !== job.id) void navigate(moveJobHref(answer.id));
  });
  if (!user || (user.role !== 'admin' && user.id !== job.user.id) || user.role === 'viewer') return null;
  const ready = job.counts.ready ?? 0;
  const cancellable = job.state === 'resolving' || job.state === 'previewed' || job.state === 'running';
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        {job.state === 'previewed' && (
          <Button
            variant="contained"
            disabled={ready === 0 || act.isPending}
            onClick={() => act.mutate({ action: 'start' })}
          >
            <FormattedMessage id="bulkMove.start" values={{ count: ready, target: job.target }} />
          </Button>
        )}
        {cancellable && (
          <Button color="warning" disabled={act.isPending} onClick={() => act.mutate({ action: 'cancel' })}>
            <FormattedMessage id="bulkMove.cancel" />
          </Button>
        )}
        {job.undoUntil !== null && (
          <Button variant="outlined" disabled={act.isPending} onClick={() => act.mutate({ action: 'undo' })}>
            <FormattedMessage id="bulkMove.undo" values={{ time: <LocalTime iso={job.undoUntil} /> }} />
          </Button>
        )}
      </Stack>
      {act.error && <ApiErrorAlert error={act.error} />}
    </Stack>
  );
}
