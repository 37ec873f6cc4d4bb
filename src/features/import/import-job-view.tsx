import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { importQueries, importResultsCsvHref } from '../../api/imports';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { paths } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';
import { canCancelImport, canSeeImportRows } from './can-cancel-import';
import { CancelImport } from './cancel-import';
import { ImportOutcome } from './import-outcome';
import { ImportProgress } from './import-progress';
import { ImportResults } from './import-results';
import { ImportSection } from './import-section';
import { ImportStateChip } from './import-state-chip';
import { actionWords } from './import-words';

/** One import: live progress while it runs, then its outcome; its rows' results either way. */
export function ImportJobView({ id }: { id: string }) {
  const { data: job, error, refetch } = useQuery(importQueries.job(id));
  const { user } = useAccess();
  const back = (
    <Link component={RouterLink} to={paths.imports}>
      All imports
    </Link>
  );
  if (job === undefined) {
    return (
      <Stack spacing={2}>
        {back}
        <Typography variant="h1">Import</Typography>
        {error ? (
          <ApiErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <LoadingBlock label="loading.import" />
        )}
      </Stack>
    );
  }
  const waitingWords = job.state === 'failed' ? null : job.message;
  return (
    <Stack spacing={3}>
      <Stack spacing={1}>
        {back}
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h1" sx={{ overflowWrap: 'anywhere' }}>
            Import of {job.fileName}
          </Typography>
          <ImportStateChip state={job.state} />
        </Stack>
        <Typography color="text.secondary">
          Into {job.partitionName} · {actionWords[job.action]} · matched by {job.lookupField} · started{' '}
          <LocalTime iso={job.createdAt} /> by {job.user.email}
        </Typography>
      </Stack>
      {/* A failed job's message is part of its outcome below. */}
      {waitingWords && <Alert severity="info">{waitingWords}</Alert>}
      {error && <ApiErrorAlert error={error} onRetry={() => void refetch()} />}
      <ImportOutcome job={job} />
      <ImportSection title="Progress">
        <ImportProgress job={job} />
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          {job.state === 'running' && canCancelImport(user, job) && <CancelImport id={job.id} />}
          {job.state === 'cancelling' && (
            <Typography color="text.secondary">Cancelling: the batch on its way finishes first…</Typography>
          )}
        </Stack>
      </ImportSection>
      <ImportSection title="Results">
        {canSeeImportRows(user, job) ? (
          <>
            <div>
              <Button
                component="a"
                href={importResultsCsvHref(job.id)}
                download
                variant="outlined"
                startIcon={<FileDownloadOutlined />}
              >
                Download results (CSV)
              </Button>
            </div>
            <ImportResults job={job} />
          </>
        ) : (
          <Typography color="text.secondary">
            The rows of this import are shown to {job.user.email}, who started it, and to admins.
          </Typography>
        )}
      </ImportSection>
    </Stack>
  );
}
