import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportJob } from '../../../server/contract/imports';
import { formatLocalTime } from '../../lib/format-time';
import { jobMessageWords } from '../../lib/job-message-words';
import type { MessageId } from '../../i18n/message-ids';

/** The final word on a finished import; nothing while it runs. */
export function ImportOutcome({ job }: { job: ImportJob }) {
  const intl = useIntl();
  const { counts } = job;
  // `written` only when there are some: created or updated, which one was lost in a restart.
  const tally = intl.formatMessage(
    { id: counts.written > 0 ? 'import.outcome.tallyWritten' : 'import.outcome.tally' },
    {
      created: counts.created,
      updated: counts.updated,
      written: counts.written,
      skipped: counts.skipped,
      failed: counts.failed,
    },
  );
  const time = job.finishedAt ? formatLocalTime(intl, job.finishedAt) : undefined;
  const title = (id: MessageId, atId: MessageId) => (
    <AlertTitle>
      {time ? <FormattedMessage id={atId} values={{ time }} /> : <FormattedMessage id={id} />}
    </AlertTitle>
  );
  switch (job.state) {
    case 'running':
    case 'cancelling':
      return null;
    case 'completed':
      return (
        <Alert severity={counts.skipped + counts.failed > 0 ? 'warning' : 'success'}>
          {title('import.outcome.finished', 'import.outcome.finishedAt')}
          <FormattedMessage
            id={
              counts.skipped + counts.failed > 0
                ? 'import.outcome.completedProblems'
                : 'import.outcome.completed'
            }
            values={{ tally }}
          />
        </Alert>
      );
    case 'cancelled':
      return (
        <Alert severity="info">
          {title('import.outcome.cancelled', 'import.outcome.cancelledAt')}
          <FormattedMessage id="import.outcome.cancelledText" values={{ tally, count: counts.cancelled }} />
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error">
          {title('import.outcome.stopped', 'import.outcome.stoppedAt')}
          {jobMessageWords(intl, job) ?? <FormattedMessage id="import.outcome.couldNotFinish" />}{' '}
          <FormattedMessage id="import.outcome.completed" values={{ tally }} />
        </Alert>
      );
  }
}
