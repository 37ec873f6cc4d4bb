import { useId, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportFile } from '../../../server/contract/imports';
import { PASTED_ROWS_NAME, useUploadImportFile } from '../../api/imports';
import { UploadErrorAlert } from './upload-error-alert';

type Props = { onUploaded: (file: ImportFile) => void };
type Source = 'file' | 'paste';

const ACCEPT = '.csv,.tsv,.txt,text/csv';
// Shipped in public/samples: a first import to try, into Mexico, with one update and three bad rows.
const SAMPLE_FILE = '/samples/trade-show-mexico.csv';

/** Where the rows come from: a file (chosen or dropped) or rows pasted from a spreadsheet. */
export function FileChooser({ onUploaded }: Props) {
  const intl = useIntl();
  const id = useId();
  const [source, setSource] = useState<Source>('file');
  const [pasted, setPasted] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadImportFile();

  // The Blob goes to fetch as it is: the browser streams it, so a 50 MB file is never a string here.
  const send = (file: Blob, name: string) => upload.mutate({ file, name }, { onSuccess: onUploaded });

  const tabProps = (value: Source) => ({
    value,
    id: `${id}-${value}-tab`,
    'aria-controls': `${id}-${value}-panel`,
  });
  const panelProps = (value: Source) => ({
    role: 'tabpanel',
    id: `${id}-${value}-panel`,
    'aria-labelledby': `${id}-${value}-tab`,
    hidden: source !== value,
  });

  return (
    <Stack spacing={2}>
      <Tabs
        value={source}
        onChange={(_event, value: Source) => setSource(value)}
        aria-label={intl.formatMessage({ id: 'import.source' })}
        // On a phone, longer translations of the two labels do not fit side by side: they scroll instead.
        variant="scrollable"
        scrollButtons="auto"
        allowScrollButtonsMobile
      >
        <Tab label={intl.formatMessage({ id: 'import.source.file' })} {...tabProps('file')} />
        <Tab label={intl.formatMessage({ id: 'import.source.paste' })} {...tabProps('paste')} />
      </Tabs>
      <div {...panelProps('file')}>
        <Box
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            const file = event.dataTransfer.files[0];
            if (file) send(file, file.name);
          }}
          sx={{
            border: 2,
            borderStyle: 'dashed',
            borderColor: dragging ? 'primary.main' : 'divider',
            borderRadius: 1,
            bgcolor: dragging ? 'action.hover' : 'transparent',
            p: { xs: 2, sm: 4 },
            textAlign: 'center',
          }}
        >
          <Stack spacing={1.5} sx={{ alignItems: 'center' }}>
            <Typography>
              <FormattedMessage id="import.drop" />
            </Typography>
            <Button
              variant="contained"
              startIcon={<UploadFileOutlined />}
              disabled={upload.isPending}
              onClick={() => input.current?.click()}
            >
              <FormattedMessage id="import.choose" />
            </Button>
            <Typography variant="body2" color="text.secondary">
              <FormattedMessage id="import.fileFormat" />{' '}
              <Link href={SAMPLE_FILE} download>
                <FormattedMessage id="import.sample" />
              </Link>
            </Typography>
          </Stack>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            aria-label={intl.formatMessage({ id: 'import.fileInput' })}
            tabIndex={-1}
            style={{ display: 'none' }}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared so that choosing the same file again still uploads it.
              event.target.value = '';
              if (file) send(file, file.name);
            }}
          />
        </Box>
      </div>
      <Stack spacing={2} {...panelProps('paste')} sx={{ display: source === 'paste' ? 'flex' : 'none' }}>
        <TextField
          label={intl.formatMessage({ id: 'import.paste.label' })}
          multiline
          minRows={6}
          maxRows={16}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          helperText={intl.formatMessage({ id: 'import.paste.help' })}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
        <Box>
          <Button
            variant="contained"
            disabled={upload.isPending || pasted.trim() === ''}
            onClick={() => send(new Blob([pasted], { type: 'text/csv' }), PASTED_ROWS_NAME)}
          >
            <FormattedMessage id="import.paste.use" />
          </Button>
        </Box>
      </Stack>
      {upload.isPending && (
        <Stack spacing={1}>
          <Typography variant="body2">
            <FormattedMessage id="import.uploading" values={{ name: upload.variables.name }} />
          </Typography>
          <LinearProgress aria-label={intl.formatMessage({ id: 'import.uploadingLabel' })} />
        </Stack>
      )}
      {upload.error && <UploadErrorAlert error={upload.error} />}
    </Stack>
  );
}
