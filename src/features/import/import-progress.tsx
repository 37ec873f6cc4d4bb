import type { IntlShape } from 'react-intl';
import { FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/message-ids';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ImportJob } from '../../../server/contract/imports';
import { importDoneRows, isImportActive } from '../../api/imports';
import { timeLeftWords } from './import-words';

const counters = [
  { key: 'sent', label: 'import.counter.sent', help: 'import.counter.sent.help' },
  { key: 'created', label: 'leadForm.status.created', help: 'import.counter.created.help' },
  { key: 'updated', label: 'leadForm.status.updated', help: 'import.counter.updated.help' },
  { key: 'written', label: 'import.status.written', help: 'import.counter.written.help' },
  { key: 'skipped', label: 'leadForm.status.skipped', help: 'import.counter.skipped.help' },
  { key: 'failed', label: 'import.state.failed', help: 'import.counter.failed.help' },
  { key: 'cancelled', label: 'import.status.cancelled', help: 'import.counter.cancelled.help' },
] as const satisfies readonly { key: string; label: MessageId; help: MessageId }[];

/**
 * The headline: rows with an outcome while the import goes on; once a cancel or a failure kept rows from being
 * sent, how many were sent and how many never will be (never 100 % for rows not sent).
 */
function progressWords(intl: IntlShape, job: ImportJob): { words: string; value: number; valueText: string } {
  const { counts } = job;
  const percentOf = (rows: number) => (counts.total === 0 ? 100 : Math.floor((rows / counts.total) * 100));
  if (counts.cancelled > 0) {
    const why = intl.formatMessage({
      id: job.state === 'failed' ? 'import.progress.stopped' : 'import.progress.cancelled',
    });
    return {
      words:
        intl.formatMessage(
          { id: 'import.progress.sent' },
          { sent: counts.sent, total: counts.total, percent: percentOf(counts.sent) },
        ) +
        '; ' +
        intl.formatMessage({ id: 'import.progress.notSent' }, { count: counts.cancelled, why }),
      value: percentOf(counts.sent),
      valueText: intl.formatMessage(
        { id: 'import.progress.sentValue' },
        { sent: counts.sent, total: counts.total },
      ),
    };
  }
  const done = importDoneRows(counts);
  return {
    words: intl.formatMessage(
      { id: 'import.progress.done' },
      { done, total: counts.total, percent: percentOf(done) },
    ),
    value: percentOf(done),
    valueText: intl.formatMessage({ id: 'import.progress.doneValue' }, { done, total: counts.total }),
  };
}

/** How far the import is: a bar over every row, the counters in words, and the pace. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { counts } = job;
  const intl = useIntl();
  const progress = progressWords(intl, job);
  const active = isImportActive(job.state);
  // A running job with a message waits (call budget, daily quota, Marketo not answering): no pace holds then.
  const waiting = job.state === 'running' && job.message !== null;
  return (
    <Stack spacing={2}>
      <div>
        <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 1, mb: 0.5 }}>
          <Typography>{progress.words}</Typography>
          <Typography color="text.secondary">
            {job.rowsPerSecond !== null &&
              intl.formatMessage({ id: 'import.progress.rate' }, { rate: Math.round(job.rowsPerSecond) })}
            {job.rowsPerSecond !== null && active && (waiting || job.secondsLeft !== null) && ' · '}
            {waiting && intl.formatMessage({ id: 'import.progress.waiting' })}
            {active && !waiting && job.secondsLeft !== null && timeLeftWords(intl, job.secondsLeft)}
            {active &&
              !waiting &&
              job.rowsPerSecond === null &&
              intl.formatMessage({ id: 'import.progress.firstAnswer' })}
          </Typography>
        </Stack>
        <LinearProgress
          variant="determinate"
          value={progress.value}
          aria-label={intl.formatMessage({ id: 'import.progress.label' })}
          aria-valuetext={progress.valueText}
          sx={{ height: 8, borderRadius: 1 }}
        />
      </div>
      <div role="group" aria-label={intl.formatMessage({ id: 'import.progress.counts' })}>
        <Box
          component="dl"
          sx={{
            m: 0,
            display: 'grid',
            gap: 2,
            gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
            '& dd': { m: 0 },
          }}
        >
          {/* Written rows are rare (a restart mid-chunk): their counter shows only when there are some. */}
          {counters
            .filter(({ key }) => key !== 'written' || counts.written > 0)
            .map(({ key, label, help }) => (
              <div key={key}>
                <Typography component="dt" variant="body2" sx={{ fontWeight: 500 }}>
                  <FormattedMessage id={label} />
                </Typography>
                <Typography component="dd" variant="h2">
                  <FormattedNumber value={counts[key]} />
                </Typography>
                <Typography component="dd" variant="caption" color="text.secondary">
                  {/* A failed job also leaves rows unsent; nobody cancelled it. */}
                  <FormattedMessage
                    id={key === 'cancelled' && job.state === 'failed' ? 'import.counter.stopped.help' : help}
                  />
                </Typography>
              </div>
            ))}
        </Box>
      </div>
    </Stack>
  );
}
