import { useMemo, useRef } from 'react';
import type { FormEvent } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import type { FieldPath } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import type { LeadWriteRequest, LeadWriteResponse } from '../../../server/contract/leads';
import { isApiError } from '../../api/api-error';
import { useWriteLeads } from '../../api/leads';
import { fieldQueries } from '../../api/fields';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { detailWords } from '../../lib/error-reason-words';
import { leadFormResolver } from './lead-form-resolver';
import { LeadFormSettings } from './lead-form-settings';
import { onlyChanged } from './lead-form-values';
import type { LeadFormValues } from './lead-form-values';
import { LeadResults } from './lead-results';
import type { MoveLeadRequest } from './lead-results';
import { LeadRows } from './lead-rows';
import { LeaveGuard } from './leave-guard';

type Props = {
  /** Create or update is decided by these values (action, lookup field, prefilled rows). */
  values: LeadFormValues;
  /** Edit mode: the one lead being updated, by id; the id is not an input. */
  fixedLeadId?: number;
  onMoveLead?: (move: MoveLeadRequest) => void;
};

/** One form for creating and updating leads, several at a time. */
export function LeadForm({ values, fixedLeadId, onMoveLead }: Props) {
  const intl = useIntl();
  const partitions = useQuery(partitionQueries.list());
  const fields = useQuery(fieldQueries.list());
  const dataTypes = useMemo(
    () => new Map((fields.data ?? []).map((field) => [field.name, field.dataType])),
    [fields.data],
  );
  const resolver = useMemo(() => leadFormResolver(dataTypes), [dataTypes]);
  const form = useForm<LeadFormValues, unknown, LeadWriteRequest>({ values, resolver });
  const { control, setError, setValue, getValues } = form;
  const updating = useWatch({ control, name: 'action' }) === 'updateOnly';
  const write = useWriteLeads();
  // A double click's second click arrives before React re-renders the button disabled; this ref knows at once.
  const submitting = useRef(false);

  const submit = async (request: LeadWriteRequest) => {
    const changed = onlyChanged(request, getValues(), values);
    const sent = fixedLeadId === undefined ? changed : withLeadId(changed, fixedLeadId);
    try {
      const { results } = await write.mutateAsync(sent);
      // All saved: nothing is lost by leaving now, and the results stay on screen. A lead skipped or failed is
      // still only in the form, so leaving must still ask.
      if (results.every(isWritten)) form.reset(getValues());
    } catch (error) {
      // The proxy names each bad input by its path (leads.0.email), which is also the form's field name.
      for (const detail of isApiError(error) ? error.details : []) {
        setError(detail.path as FieldPath<LeadFormValues>, {
          type: 'server',
          message: detailWords(intl, detail),
        });
      }
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    void form
      .handleSubmit(submit)(event)
      .finally(() => {
        submitting.current = false;
      });
  };

  return (
    <Stack spacing={3}>
      {partitions.error && (
        <ApiErrorAlert error={partitions.error} onRetry={() => void partitions.refetch()} />
      )}
      <Stack component="form" noValidate spacing={2} onSubmit={onSubmit}>
        <LeadFormSettings
          control={control}
          partitions={partitions.data ?? []}
          updating={updating}
          editing={fixedLeadId !== undefined}
        />
        <LeadRows
          control={control}
          setValue={setValue}
          getValues={getValues}
          fixedId={fixedLeadId}
          fields={fields.data}
          fieldsLoading={fields.isPending}
          fieldsFailed={fields.isError}
        />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button type="submit" variant="contained" disabled={write.isPending || form.formState.isSubmitting}>
            <FormattedMessage id={write.isPending ? 'leadForm.saving' : 'leadForm.save'} />
          </Button>
          {updating && (
            <Typography variant="body2" color="text.secondary">
              <FormattedMessage id="leadForm.updateNote" />
            </Typography>
          )}
        </Stack>
      </Stack>
      {write.error && <ApiErrorAlert error={write.error} />}
      {write.data && write.variables && (
        <LeadResults request={write.variables} results={write.data.results} onMoveLead={onMoveLead} />
      )}
      <LeaveGuard dirty={form.formState.isDirty && !write.isPending} />
    </Stack>
  );
}

/** Edit mode sends the lead's own id, whatever the form holds. */
function withLeadId(request: LeadWriteRequest, id: number): LeadWriteRequest {
  return { ...request, lookupField: 'id', leads: request.leads.map((lead) => ({ ...lead, id })) };
}

function isWritten(result: LeadWriteResponse['results'][number]): boolean {
  return result.status === 'created' || result.status === 'updated';
}
