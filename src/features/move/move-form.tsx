import { useState } from 'react';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MoveInputKind } from '../../../server/contract/moves';
import { useCreateMove } from '../../api/moves';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { moveJobHref } from '../../config/paths';
import { MoveSection } from './move-section';

/** The list (pasted, or a CSV file read in the browser) and the target; sending it starts the preview. */
export function MoveForm() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { data: partitions = [] } = useQuery(partitionQueries.list());
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<MoveInputKind>('email');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const create = useCreateMove((job) => void navigate(moveJobHref(job.id)));

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setFileName(file.name);
  };

  return (
    <MoveSection title={intl.formatMessage({ id: 'bulkMove.listTitle' })}>
      <Stack
        component="form"
        spacing={2}
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ target, kind, text });
        }}
      >
        <RadioGroup
          row
          aria-label={intl.formatMessage({ id: 'bulkMove.kind' })}
          value={kind}
          onChange={(event) => setKind(event.target.value as MoveInputKind)}
        >
          <FormControlLabel
            value="email"
            control={<Radio />}
            label={intl.formatMessage({ id: 'bulkMove.kind.email' })}
          />
          <FormControlLabel
            value="id"
            control={<Radio />}
            label={intl.formatMessage({ id: 'bulkMove.kind.id' })}
          />
        </RadioGroup>
        <TextField
          multiline
          minRows={6}
          maxRows={16}
          label={intl.formatMessage({ id: 'bulkMove.paste' })}
          helperText={intl.formatMessage({ id: 'bulkMove.paste.help' })}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
          }}
        />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Button variant="outlined" component="label">
            <FormattedMessage id="bulkMove.chooseFile" />
            <input
              hidden
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              onChange={(event) => void readFile(event.target.files?.[0])}
            />
          </Button>
          {fileName && (
            <Typography color="text.secondary">
              <FormattedMessage id="bulkMove.fileRead" values={{ name: fileName }} />
            </Typography>
          )}
        </Stack>
        <TextField
          select
          label={intl.formatMessage({ id: 'bulkMove.target' })}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          sx={{ maxWidth: 360 }}
        >
          {partitions.map((partition) => (
            <MenuItem key={partition.id} value={partition.name}>
              {partition.name}
            </MenuItem>
          ))}
        </TextField>
        {create.error && <ApiErrorAlert error={create.error} />}
        <div>
          <Button
            type="submit"
            variant="contained"
            disabled={target === '' || text.trim() === '' || create.isPending}
          >
            <FormattedMessage id="bulkMove.preview" />
          </Button>
        </div>
      </Stack>
    </MoveSection>
  );
}
