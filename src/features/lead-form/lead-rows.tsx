import { useState } from 'react';
import type { ClipboardEvent } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import AddOutlined from '@mui/icons-material/AddOutlined';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import { useFieldArray, useWatch } from 'react-hook-form';
import type { UseFormGetValues, UseFormSetValue } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';
import { AddField } from './add-field';
import { emptyLead } from './lead-form-values';
import type { LeadFormControl, LeadFormValues } from './lead-form-values';
import { LeadRow } from './lead-row';
import { PasteRowsOffer } from './paste-rows-offer';
import type { PasteOffer } from './paste-rows-offer';
import { fillRows, parsePastedRows } from './pasted-rows';
import { hiddenFieldNames, standardFieldNames } from './standard-fields';

type Props = {
  control: LeadFormControl;
  setValue: UseFormSetValue<LeadFormValues>;
  getValues: UseFormGetValues<LeadFormValues>;
  /** Edit mode: the one lead being edited, whose id cannot change. */
  fixedId?: number | undefined;
  fields: Field[] | undefined;
  fieldsLoading: boolean;
  fieldsFailed: boolean;
};

/** The batch: one row per lead, the extra fields they share, and the controls to grow or shrink both. */
export function LeadRows({
  control,
  setValue,
  getValues,
  fixedId,
  fields,
  fieldsLoading,
  fieldsFailed,
}: Props) {
  // keyName: the default ("id") would shadow the lead id input.
  const rows = useFieldArray({ control, name: 'leads', keyName: 'key' });
  const intl = useIntl();
  const extraNames = useWatch({ control, name: 'extraFields' });
  const byId = useWatch({ control, name: 'lookupField' }) === 'id';
  const known = new Map((fields ?? []).map((field) => [field.name, field]));
  const extraFields = extraNames.map(
    (name): Field => known.get(name) ?? { name, displayName: name, dataType: 'string', readOnly: false },
  );
  const addable = (fields ?? []).filter(
    (field) =>
      !field.readOnly &&
      !hiddenFieldNames.has(field.name) &&
      !standardFieldNames.includes(field.name) &&
      !extraNames.includes(field.name),
  );
  const setExtra = (names: string[]) => setValue('extraFields', names, { shouldDirty: true });
  const [pasteOffer, setPasteOffer] = useState<PasteOffer | null>(null);
  // The inputs in the order a row shows them, which is the order a pasted row's columns fill them.
  const shownNames = [...(byId ? ['id'] : []), ...standardFieldNames, ...extraNames];

  const offerRows = (event: ClipboardEvent<HTMLElement>) => {
    const target = event.target;
    if (fixedId !== undefined) return;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    const [, row, name = ''] = /^leads\.(\d+)\.(.+)$/.exec(target.name) ?? [];
    const from = shownNames.indexOf(name);
    const pasted = parsePastedRows(event.clipboardData.getData('text/plain'));
    if (row === undefined || from === -1 || !pasted) return;
    setPasteOffer({ startRow: Number(row), fieldNames: shownNames.slice(from), rows: pasted });
  };
  const acceptPaste = (offer: PasteOffer) => {
    rows.replace(fillRows(getValues('leads'), offer.startRow, offer.fieldNames, offer.rows));
    setPasteOffer(null);
  };

  return (
    <Stack spacing={2} onPaste={offerRows}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <AddField
          options={addable}
          loading={fieldsLoading}
          failed={fieldsFailed}
          onAdd={(field) => setExtra([...extraNames, field.name])}
        />
        {extraFields.map((field) => (
          <Button
            key={field.name}
            size="small"
            variant="outlined"
            endIcon={<CloseOutlined />}
            aria-label={intl.formatMessage({ id: 'leadForm.removeField' }, { field: field.displayName })}
            onClick={() => setExtra(extraNames.filter((name) => name !== field.name))}
          >
            {field.displayName}
          </Button>
        ))}
      </Stack>
      {pasteOffer && (
        <PasteRowsOffer
          offer={pasteOffer}
          onAccept={() => acceptPaste(pasteOffer)}
          onDismiss={() => setPasteOffer(null)}
        />
      )}
      {rows.fields.map((row, index) => (
        <LeadRow
          key={row.key}
          control={control}
          index={index}
          byId={byId}
          fixedId={fixedId}
          extraFields={extraFields}
          onRemove={rows.fields.length > 1 ? () => rows.remove(index) : undefined}
        />
      ))}
      {fixedId === undefined && (
        <div>
          <Button
            startIcon={<AddOutlined />}
            onClick={() => rows.append(emptyLead(), { focusName: `leads.${rows.fields.length}.email` })}
          >
            <FormattedMessage id="leadForm.addLead" />
          </Button>
        </div>
      )}
    </Stack>
  );
}
