import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeadForm } from '../features/lead-form/lead-form';
import { createDefaults } from '../features/lead-form/lead-form-values';
import { fakeApi } from '../testing/fake-api';
import { partitions } from '../testing/fixtures';
import { renderPage } from '../testing/render';
import { loadMessages } from './load-messages';

const fields = [{ name: 'email', displayName: 'Email Address', dataType: 'email', readOnly: false }];

// The contract's zod issues (a bad email, a missing lookup value) and the form's own (no partition) all come
// back in the form's language: none of the proxy's English reaches the screen.
async function saveInvalidBatch(locale: 'es-MX' | 'fr-CA', words: { lead: string; email: string }) {
  fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/fields': { fields } });
  const { user } = renderPage(<LeadForm values={createDefaults('')} onMoveLead={() => undefined} />, {
    locale,
  });
  const lead = (n: number) => {
    const group = screen
      .getByText(`${words.lead} ${n}`, { selector: 'h2' })
      .closest<HTMLElement>('[role="group"]');
    if (!group) throw new Error(`No group for ${words.lead} ${n}`);
    return within(group);
  };
  await user.type(await lead(1).findByLabelText(words.email), 'ana@');
  return { user, lead };
}

describe('Form validation in other languages', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('words the contract’s rules in Mexican Spanish', async () => {
    const { user, lead } = await saveInvalidBatch('es-MX', {
      lead: 'Prospecto',
      email: 'Correo electrónico',
    });
    await user.click(screen.getByRole('button', { name: 'Agregar prospecto' }));
    await user.type(lead(2).getByLabelText('Nombre'), 'Bea');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Elige una partición')).toBeInTheDocument();
    expect(lead(1).getByLabelText('Correo electrónico')).toHaveAccessibleDescription(
      'No es un correo electrónico válido',
    );
    expect(lead(2).getByLabelText('Correo electrónico')).toHaveAccessibleDescription(
      'Escribe un correo electrónico: identifica al prospecto',
    );
  });

  it('words them in Canadian French', async () => {
    const { user, lead } = await saveInvalidBatch('fr-CA', { lead: 'Prospect', email: 'Courriel' });
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Choisissez une partition')).toBeInTheDocument();
    expect(lead(1).getByLabelText('Courriel')).toHaveAccessibleDescription('Adresse courriel non valide');
  });
});
