import { zodResolver } from '@hookform/resolvers/zod';
import { screen } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { renderPage } from '../../testing/render';
import { FormSelect } from './form-select';
import { FormTextField } from './form-text-field';

const DemoSchema = z.object({ name: z.string().min(1, 'Enter a name'), colour: z.enum(['red', 'blue']) });
type Values = z.infer<typeof DemoSchema>;

function Demo({ onSubmit }: { onSubmit: (values: Values) => void }) {
  const { control, handleSubmit } = useForm<Values>({
    resolver: zodResolver(DemoSchema),
    defaultValues: { name: '', colour: 'red' },
  });
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
      <FormTextField control={control} name="name" label="Name" helperText="As on the badge" />
      <FormSelect
        control={control}
        name="colour"
        label="Colour"
        options={[
          { value: 'red', label: 'Red' },
          { value: 'blue', label: 'Blue' },
        ]}
      />
      <button type="submit">Send</button>
    </form>
  );
}

describe('form inputs bound with useController', () => {
  it('carry label, helper text and value to submit', async () => {
    const onSubmit = vi.fn();
    const { user } = renderPage(<Demo onSubmit={onSubmit} />);
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAccessibleDescription('As on the badge');
    await user.type(name, 'Ana');
    await user.click(screen.getByRole('combobox', { name: 'Colour' }));
    await user.click(screen.getByRole('option', { name: 'Blue' }));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ana', colour: 'blue' }, expect.anything());
  });

  it('replace the helper text with the error and mark the input invalid', async () => {
    const onSubmit = vi.fn();
    const { user } = renderPage(<Demo onSubmit={onSubmit} />);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAccessibleDescription('Enter a name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
