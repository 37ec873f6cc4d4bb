// The wizard's path control: the three choices, what the check said the settings take, and Bulk Import closed
// with the reason when the proxy refuses it.
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportPathPlan } from '../../../server/contract/imports';
import { loadMessages } from '../../i18n/load-messages';
import { renderPage } from '../../testing/render';
import { ImportPathField, type PathChoice } from './import-path-field';

function Control({
  plan,
  onPicked,
}: {
  plan: ImportPathPlan | undefined;
  onPicked?: (p: PathChoice) => void;
}) {
  const [path, setPath] = useState<PathChoice>('auto');
  return (
    <ImportPathField
      value={path}
      plan={plan}
      onChange={(next) => {
        setPath(next);
        onPicked?.(next);
      }}
    />
  );
}

describe('ImportPathField', () => {
  beforeAll(async () => {
    await loadMessages('es-MX');
  });

  it('offers the three paths, with the threshold the check gave, and lets the user pick one', async () => {
    const picked: PathChoice[] = [];
    const { user } = renderPage(
      <Control plan={{ takes: 'bulk', bulkMinRows: 50_000 }} onPicked={(p) => picked.push(p)} />,
    );
    expect(screen.getByText('This import will go through Bulk Import.')).toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: 'How rows are sent' }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      'Automatic (Bulk Import from 50,000 rows)',
      'Sync Leads (300 rows per call)',
      'Bulk Import (Marketo processes the file)',
    ]);
    await user.click(screen.getByRole('option', { name: 'Sync Leads (300 rows per call)' }));
    expect(picked).toEqual(['sync']);
  });

  it('closes Bulk Import with the reason when the proxy refuses it for these settings', async () => {
    const { user } = renderPage(
      <Control plan={{ takes: 'sync', bulkMinRows: 50_000, bulkRefused: 'limited_grants' }} />,
    );
    expect(screen.getByText(/cannot keep it within your partitions/)).toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: 'How rows are sent' }));
    expect(screen.getByRole('option', { name: 'Bulk Import (Marketo processes the file)' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('explains the choice before any check, in Mexican Spanish', () => {
    renderPage(<Control plan={undefined} />, { locale: 'es-MX' });
    expect(screen.getByRole('combobox', { name: 'Cómo se envían las filas' })).toHaveTextContent(
      'Automático (Bulk Import para archivos grandes)',
    );
    expect(screen.getByText(/Cómo llegan las filas a Marketo/)).toBeInTheDocument();
  });
});
