import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ImportJob } from '../../../server/contract/imports';
import { importDoneRows, isImportActive } from '../../api/imports';
import { rowsWords, timeLeftWords } from './import-words';

const counters = [
  { key: 'sent', label: 'Sent', help: 'answered by Marketo' },
  { key: 'created', label: 'Created', help: 'new leads' },
  { key: 'updated', label: 'Updated', help: 'existing leads' },
  {
    key: 'written',
    label: 'Written',
    help: 'created or updated: the console could not tell which after a restart',
  },
  { key: 'skipped', label: 'Skipped', help: 'a problem in the row, or Marketo refused it' },
  { key: 'failed', label: 'Failed', help: 'Marketo could not take them' },
  { key: 'cancelled', label: 'Not sent', help: 'the import was cancelled first' },
] as const;

/**
 * The headline: rows with an outcome while the import goes on; once a cancel or a failure kept rows from being
 * sent, how many were sent and how many never will be (never 100 % for rows not sent).
 */
function progressWords(job: ImportJob): { words: string; value: number; valueText: string } {
  const { counts } = job;
  const percentOf = (rows: number) => (counts.total === 0 ? 100 : Math.floor((rows / counts.total) * 100));
  if (counts.cancelled > 0) {
    const why = job.state === 'failed' ? 'the import stopped' : 'cancelled';
    return {
      words:
        `${counts.sent.toLocaleString()} of ${rowsWords(counts.total)} sent (${percentOf(counts.sent)}%); ` +
        `${counts.cancelled.toLocaleString()} not sent (${why})`,
      value: percentOf(counts.sent),
      valueText: `${counts.sent} of ${counts.total} rows sent`,
    };
  }
  const done = importDoneRows(counts);
  return {
    words: `${done.toLocaleString()} of ${rowsWords(counts.total)} done (${percentOf(done)}%)`,
    value: percentOf(done),
    valueText: `${done} of ${counts.total} rows done`,
  };
}

/** How far the import is: a bar over every row, the counters in words, and the pace. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { counts } = job;
  const progress = progressWords(job);
  const active = isImportActive(job.state);
  // A running job with a message waits (call budget, daily quota, Marketo not answering): no pace holds then.
  const waiting = job.state === 'running' && job.message !== null;
  return (
    <Stack spacing={2}>
      <div>
        <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 1, mb: 0.5 }}>
          <Typography>{progress.words}</Typography>
          <Typography color="text.secondary">
            {job.rowsPerSecond !== null && `${Math.round(job.rowsPerSecond).toLocaleString()} rows/s`}
            {job.rowsPerSecond !== null && active && (waiting || job.secondsLeft !== null) && ' · '}
            {waiting && 'waiting: no time estimate until sending goes on'}
            {active && !waiting && job.secondsLeft !== null && timeLeftWords(job.secondsLeft)}
            {active && !waiting && job.rowsPerSecond === null && 'Waiting for the first answer from Marketo'}
          </Typography>
        </Stack>
        <LinearProgress
          variant="determinate"
          value={progress.value}
          aria-label="Import progress"
          aria-valuetext={progress.valueText}
          sx={{ height: 8, borderRadius: 1 }}
        />
      </div>
      <div role="group" aria-label="Import counts">
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
                  {label}
                </Typography>
                <Typography component="dd" variant="h2">
                  {counts[key].toLocaleString()}
                </Typography>
                <Typography component="dd" variant="caption" color="text.secondary">
                  {/* A failed job also leaves rows unsent; nobody cancelled it. */}
                  {key === 'cancelled' && job.state === 'failed' ? 'the import stopped first' : help}
                </Typography>
              </div>
            ))}
        </Box>
      </div>
    </Stack>
  );
}
