import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { useIntl } from 'react-intl';
import type { ImportJob } from '../../../server/contract/imports';
import { formatLocalTime } from '../../lib/format-time';
import { rowsWords } from './import-words';

/** The final word on a finished import; nothing while it runs. */
export function ImportOutcome({ job }: { job: ImportJob }) {
  const intl = useIntl();
  const { counts } = job;
  // `written` only when there are some: created or updated, which one was lost in a restart.
  const written =
    counts.written > 0 ? `, ${counts.written.toLocaleString()} written (created or updated)` : '';
  const tally = `${counts.created.toLocaleString()} created, ${counts.updated.toLocaleString()} updated${written}, ${counts.skipped.toLocaleString()} skipped, ${counts.failed.toLocaleString()} failed`;
  const when = job.finishedAt ? ` at ${formatLocalTime(intl, job.finishedAt)}` : '';
  switch (job.state) {
    case 'running':
    case 'cancelling':
      return null;
    case 'completed':
      return (
        <Alert severity={counts.skipped + counts.failed > 0 ? 'warning' : 'success'}>
          <AlertTitle>Import finished{when}</AlertTitle>
          {tally}.{counts.skipped + counts.failed > 0 && ' Filter the results below to see why.'}
        </Alert>
      );
    case 'cancelled':
      return (
        <Alert severity="info">
          <AlertTitle>Import cancelled{when}</AlertTitle>
          {tally}; {rowsWords(counts.cancelled)} not sent.
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error">
          <AlertTitle>The import stopped{when}</AlertTitle>
          {job.message ?? 'The console could not finish it.'} {tally}.
        </Alert>
      );
  }
}
