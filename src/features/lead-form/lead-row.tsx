import { useId } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useFormState } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';
import { validationMessage } from '../../i18n/validation-words';
import { FieldInput } from './field-input';
import type { LeadFormControl } from './lead-form-values';
import { standardFields } from './standard-fields';

type Props = {
  control: LeadFormControl;
  index: number;
  byId: boolean;
  /** Edit mode: the id is shown, never an input, so an edit cannot land on another lead. */
  fixedId?: number | undefined;
  extraFields: Field[];
  onRemove?: () => void;
};

/** One lead of a batch: its own named group, so inputs are found as "Lead 2 › Email". */
export function LeadRow({ control, index, byId, fixedId, extraFields, onRemove }: Props) {
  const { errors } = useFormState({ control, name: `leads.${index}` });
  // A message on the row itself (e.g. "A lead needs at least one field") rather than on one input.
  const rowError: unknown = errors.leads?.[index];
  const intl = useIntl();
  const rowMessage = hasMessage(rowError) ? validationMessage(intl, rowError) : undefined;
  const label = intl.formatMessage({ id: 'leadForm.lead' }, { position: index + 1 });
  const titleId = useId();
  return (
    <Paper role="group" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
        <Typography id={titleId} component="h2" variant="h3">
          {label}
        </Typography>
        {onRemove && (
          <Button size="small" color="error" onClick={onRemove}>
            <FormattedMessage id="leadForm.removeLead" values={{ position: index + 1 }} />
          </Button>
        )}
      </Stack>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' }}>
        {fixedId !== undefined ? (
          <TextField
            label={intl.formatMessage({ id: 'leadForm.leadId' })}
            value={fixedId}
            slotProps={{ htmlInput: { readOnly: true } }}
          />
        ) : (
          byId && (
            <FieldInput
              control={control}
              index={index}
              name="id"
              label={intl.formatMessage({ id: 'leadForm.leadId' })}
              dataType="integer"
            />
          )
        )}
        {standardFields.map((field) => (
          <FieldInput
            key={field.name}
            control={control}
            index={index}
            name={field.name}
            label={intl.formatMessage({ id: field.label })}
            dataType={field.dataType}
          />
        ))}
        {extraFields.map((field) => (
          <FieldInput
            key={field.name}
            control={control}
            index={index}
            name={field.name}
            label={field.displayName}
            dataType={field.dataType}
          />
        ))}
      </Box>
      {rowMessage && <FormHelperText error>{rowMessage}</FormHelperText>}
    </Paper>
  );
}

function hasMessage(value: unknown): value is { type: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
