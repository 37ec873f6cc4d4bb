import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/message-ids';
import type { TextFieldProps } from '@mui/material/TextField';
import type { FieldPath } from 'react-hook-form';
import { FormSelect } from '../../components/form/form-select';
import { FormTextField } from '../../components/form/form-text-field';
import type { LeadFormControl, LeadFormValues } from './lead-form-values';

type Props = { control: LeadFormControl; index: number; name: string; label: string; dataType: string };

const shrink = { inputLabel: { shrink: true } } satisfies TextFieldProps['slotProps'];

/** Marketo data type → the input that fits it. */
function inputProps(
  dataType: string,
): Pick<TextFieldProps, 'type' | 'slotProps' | 'multiline' | 'minRows' | 'autoComplete'> {
  switch (dataType) {
    case 'email':
      return { type: 'email', autoComplete: 'off' };
    case 'phone':
      return { type: 'tel' };
    case 'url':
      return { type: 'url' };
    case 'integer':
      return { type: 'number', slotProps: { htmlInput: { step: 1 } } };
    case 'float':
    case 'currency':
    case 'percent':
      return { type: 'number', slotProps: { htmlInput: { step: 'any' } } };
    case 'date':
      return { type: 'date', slotProps: shrink };
    case 'datetime':
      return { type: 'datetime-local', slotProps: shrink };
    case 'text':
      return { multiline: true, minRows: 2 };
    default:
      return {};
  }
}

const booleanOptions: { value: string; label: MessageId }[] = [
  { value: '', label: 'leadForm.notSet' },
  { value: 'true', label: 'common.yes' },
  { value: 'false', label: 'common.no' },
];

export function FieldInput({ control, index, name, label, dataType }: Props) {
  const intl = useIntl();
  const fieldName: FieldPath<LeadFormValues> = `leads.${index}.${name}`;
  if (dataType === 'boolean') {
    return (
      <FormSelect
        control={control}
        name={fieldName}
        label={label}
        options={booleanOptions.map((option) => ({
          ...option,
          label: intl.formatMessage({ id: option.label }),
        }))}
      />
    );
  }
  return <FormTextField {...inputProps(dataType)} control={control} name={fieldName} label={label} />;
}
