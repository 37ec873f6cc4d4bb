import { useMemo } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import type { FieldPath } from 'react-hook-form';
import type { LeadWriteRequest } from '../../../server/contract/leads';
import { useWriteLeads } from '../../api/leads';
import { fieldQueries } from '../../api/fields';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { leadFormResolver } from './lead-form-resolver';
import { LeadFormSettings } from './lead-form-settings';
import { onlyChanged } from './lead-form-values';
import type { LeadFormValues } from './lead-form-values';
import { LeadResults } from './lead-results';
import type { MoveLeadRequest } from './lead-results';
import { LeadRows } from './lead-rows';

type Props = {
  /** Create or update is decided by these values (action, lookup field, prefilled rows). */
  values: LeadFormValues;
  onMoveLead?: (move: MoveLeadRequest) => void;
};

/** One form for creating and updating leads, several at a time. */
export function LeadForm({ values, onMoveLead }: Props) {
  const partitions = useQuery(partitionQueries.list());
  const fields = useQuery(fieldQueries.list());
  const dataTypes = useMemo(
    () => new Map((fields.data ?? []).map((field) => [field.name, field.dataType])),
    [fields.data],
  );
  const resolver = useMemo(() => leadFormResolver(dataTypes), [dataTypes]);
  const form = useForm<LeadFormValues, unknown, LeadWriteRequest>({ values, resolver });
  const { control, setError, setValue } = form;
  const updating = useWatch({ control, name: 'action' }) === 'updateOnly';
  const write = useWriteLeads();

  const submit = (request: LeadWriteRequest) =>
    write.mutate(onlyChanged(request, form.getValues(), values), {
      // The proxy names each bad input by its path (leads.0.email), which is also the form's field name.
      onError: (error) => {
        for (const detail of error.details) {
          setError(detail.path as FieldPath<LeadFormValues>, { type: 'server', message: detail.message });
        }
      },
    });

  return (
    <Stack spacing={3}>
      {partitions.error && (
        <ApiErrorAlert error={partitions.error} onRetry={() => void partitions.refetch()} />
      )}
      <Stack
        component="form"
        noValidate
        spacing={2}
        onSubmit={(event) => void form.handleSubmit(submit)(event)}
      >
        <LeadFormSettings control={control} partitions={partitions.data ?? []} updating={updating} />
        <LeadRows
          control={control}
          setValue={setValue}
          fields={fields.data}
          fieldsLoading={fields.isPending}
          fieldsFailed={fields.isError}
        />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button type="submit" variant="contained" disabled={write.isPending}>
            {write.isPending ? 'Saving…' : 'Save'}
          </Button>
          {updating && (
            <Typography variant="body2" color="text.secondary">
              Updates send only the values you change.
            </Typography>
          )}
        </Stack>
      </Stack>
      {write.error && <ApiErrorAlert error={write.error} />}
      {write.data && write.variables && (
        <LeadResults request={write.variables} results={write.data.results} onMoveLead={onMoveLead} />
      )}
    </Stack>
  );
}
