import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { importQueries, importResultsCsvHref } from '../../api/imports';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { paths } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';
import { jobMessageWords } from '../../lib/job-message-words';
import { useLocale } from '../../i18n/locale-context';
import { shippedLocale } from '../../i18n/locales';
import { canCancelImport, canSeeImportRows } from './can-cancel-import';
import { CancelImport } from './cancel-import';
import { ImportBulkBatches } from './import-bulk-batches';
import { ImportOutcome } from './import-outcome';
import { ImportProgress } from './import-progress';
import { ImportResults } from './import-results';
import { ImportSection } from './import-section';
import { ImportStateChip } from './import-state-chip';
import { actionWords } from './import-words';

/** One import: live progress while it runs, then its outcome; its rows' results either way. */
export function ImportJobView({ id }: { id: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const { data: job, error, refetch } = useQuery(importQueries.job(id));
  const { user } = useAccess();
  const back = (
    <Link component={RouterLink} to={paths.imports}>
      <FormattedMessage id="importJob.all" />
    </Link>
  );
  if (job === undefined) {
    return (
      <Stack spacing={2}>
        {back}
        <Typography variant="h1">
          <FormattedMessage id="page.importJob" />
        </Typography>
        {error ? (
          <ApiErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <LoadingBlock label="loading.import" />
        )}
      </Stack>
    );
  }
  const waitingWords = job.state === 'failed' ? null : jobMessageWords(intl, job);
  return (
    <Stack spacing={3}>
      <Stack spacing={1}>
        {back}
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h1" sx={{ overflowWrap: 'anywhere' }}>
            <FormattedMessage id="importJob.title" values={{ file: job.fileName }} />
          </Typography>
          <ImportStateChip state={job.state} />
        </Stack>
        <Typography color="text.secondary">
          <FormattedMessage
            id="import.job.summary"
            values={{
              partition: job.partitionName,
              action: <FormattedMessage id={actionWords[job.action]} />,
              lookupField: job.lookupField,
              time: <LocalTime iso={job.createdAt} />,
              email: job.user.email,
            }}
          />
        </Typography>
      </Stack>
      {/* A failed job's message is part of its outcome below. */}
      {waitingWords && <Alert severity="info">{waitingWords}</Alert>}
      {error && <ApiErrorAlert error={error} onRetry={() => void refetch()} />}
      <ImportOutcome job={job} />
      <ImportSection title={intl.formatMessage({ id: 'importJob.progress' })}>
        <ImportProgress job={job} />
        {job.path === 'bulk' && <ImportBulkBatches batches={job.bulkBatches ?? []} />}
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          {job.state === 'running' && canCancelImport(user, job) && <CancelImport id={job.id} />}
          {job.state === 'cancelling' && (
            <Typography color="text.secondary">
              <FormattedMessage id="importJob.cancelling" />
            </Typography>
          )}
        </Stack>
      </ImportSection>
      <ImportSection title={intl.formatMessage({ id: 'leadForm.results' })}>
        {canSeeImportRows(user, job) ? (
          <>
            <div>
              <Button
                component="a"
                href={importResultsCsvHref(job.id, shippedLocale(locale))}
                download
                variant="outlined"
                startIcon={<FileDownloadOutlined />}
              >
                <FormattedMessage id="importJob.download" />
              </Button>
            </div>
            <ImportResults job={job} />
          </>
        ) : (
          <Typography color="text.secondary">
            <FormattedMessage id="importJob.rowsHidden" values={{ email: job.user.email }} />
          </Typography>
        )}
      </ImportSection>
    </Stack>
  );
}
