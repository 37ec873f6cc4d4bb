import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportBulkBatch } from '../../../server/contract/imports';
import type { MessageId } from '../../i18n/message-ids';
import { jobMessageWords } from '../../lib/job-message-words';

const stateWords = {
  uploading: 'import.bulk.state.uploading',
  queued: 'import.bulk.state.queued',
  importing: 'import.bulk.state.importing',
  complete: 'import.bulk.state.complete',
  failed: 'import.bulk.state.failed',
  unknown: 'import.bulk.state.unknown',
} as const satisfies Record<ImportBulkBatch['state'], MessageId>;

/** A bulk-path import's files, each with Marketo's own state of it and its counts so far. */
export function ImportBulkBatches({ batches }: { batches: readonly ImportBulkBatch[] }) {
  const intl = useIntl();
  return (
    <Stack spacing={1} component="section" aria-label={intl.formatMessage({ id: 'import.bulk.title' })}>
      <Typography variant="subtitle1" component="h3">
        <FormattedMessage id="import.bulk.title" />
      </Typography>
      <Typography color="text.secondary">
        <FormattedMessage id="import.bulk.intro" />
      </Typography>
      {batches.length === 0 ? (
        <Typography color="text.secondary">
          <FormattedMessage id="import.bulk.none" />
        </Typography>
      ) : (
        <Stack component="ul" spacing={0.5} sx={{ m: 0, pl: 3 }}>
          {batches.map((batch) => (
            <li key={batch.batch}>
              <Typography component="span">
                <FormattedMessage
                  id="import.bulk.file"
                  values={{
                    batch: batch.batch,
                    rows: batch.rows,
                    state: <FormattedMessage id={stateWords[batch.state]} />,
                  }}
                />{' '}
                <FormattedMessage
                  id="import.bulk.counts"
                  values={{ processed: batch.processed, failed: batch.failed, warned: batch.warned }}
                />
              </Typography>
              {batch.message && (
                <Typography color="text.secondary" variant="body2">
                  {jobMessageWords(intl, batch)}
                </Typography>
              )}
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
