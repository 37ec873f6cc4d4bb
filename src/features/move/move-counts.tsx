import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import type { MoveJob } from '../../../server/contract/moves';
import { MOVE_STATUSES, moveStatusWords } from './move-words';

/** Rows per status (only those with any), and the ready rows per source partition. */
export function MoveCounts({ job }: { job: MoveJob }) {
  const intl = useIntl();
  return (
    <Stack spacing={2}>
      <div role="group" aria-label={intl.formatMessage({ id: 'bulkMove.counts' })}>
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content auto', columnGap: 3, rowGap: 0.5, m: 0 }}
        >
          {MOVE_STATUSES.filter((status) => (job.counts[status] ?? 0) > 0).map((status) => (
            <Box key={status} sx={{ display: 'contents' }}>
              <Box component="dt">
                <FormattedMessage id={moveStatusWords[status]} />
              </Box>
              <Box component="dd" sx={{ m: 0 }}>
                <FormattedNumber value={job.counts[status] ?? 0} />
              </Box>
            </Box>
          ))}
        </Box>
      </div>
      {job.bySource.length > 0 && (
        <Typography>
          <FormattedMessage
            id="bulkMove.bySource"
            values={{
              list: intl.formatList(
                job.bySource.map(({ partition, count }) =>
                  intl.formatMessage({ id: 'bulkMove.bySource.item' }, { partition, count }),
                ),
              ),
            }}
          />
        </Typography>
      )}
    </Stack>
  );
}

/** While the job moves: the rows with an outcome out of those it will send. */
export function MoveProgress({ job }: { job: MoveJob }) {
  const intl = useIntl();
  const c = job.counts;
  const done = (c.moved ?? 0) + (c.skipped ?? 0) + (c.failed ?? 0);
  const total = done + (c.pending ?? 0) + (c.cancelled ?? 0);
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return (
    <Stack spacing={1}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={intl.formatMessage({ id: 'bulkMove.progress' })}
      />
      <Typography>
        <FormattedMessage id="bulkMove.progress.text" values={{ done, total, percent }} />
      </Typography>
    </Stack>
  );
}
