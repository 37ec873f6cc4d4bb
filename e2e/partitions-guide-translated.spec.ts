// The partitions guide (partitions-guide.spec.ts) as a marketer in Mexico and one in Canada do it, with Chromium
// set to their language: the console follows the browser, and every page passes axe in that language.
import { expect, test } from './fixtures';
import { uniqueEmail } from './support/test-data';

type Words = {
  partitions: string;
  createLeadHereIn: (partition: string) => string;
  lead: (position: number) => string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  addLead: string;
  save: string;
  created: string;
  updated: string;
  openLead: RegExp;
  lookupQuery: string;
  lookUp: string;
  leadHeading: (id: number) => string;
  partitionOf: (name: string, id: number) => string;
  moveLead: string;
  moveToPartition: string;
  move: string;
  moved: (id: number, partition: string) => string;
  close: string;
};

// The words as the translations say them (src/i18n/messages/): a changed translation is a deliberate edit here.
const LANGUAGES: { locale: string; words: Words }[] = [
  {
    locale: 'es-MX',
    words: {
      partitions: 'Particiones',
      createLeadHereIn: (partition) => `Crear un prospecto aquí en ${partition}`,
      lead: (position) => `Prospecto ${position}`,
      email: 'Correo electrónico',
      firstName: 'Nombre',
      lastName: 'Apellido',
      title: 'Puesto',
      addLead: 'Agregar prospecto',
      save: 'Guardar',
      created: 'Creado',
      updated: 'Actualizado',
      openLead: /^Abrir el prospecto (\d+)$/,
      lookupQuery: 'ID de prospecto o correo',
      lookUp: 'Buscar',
      leadHeading: (id) => `Prospecto ${id}`,
      partitionOf: (name, id) => `Partición: ${name} (ID ${id})`,
      moveLead: 'Mover a otra partición…',
      moveToPartition: 'Mover a la partición',
      move: 'Mover',
      moved: (id, partition) => `El prospecto ${id} ahora está en ${partition}.`,
      close: 'Cerrar',
    },
  },
  {
    locale: 'fr-CA',
    words: {
      partitions: 'Partitions',
      createLeadHereIn: (partition) => `Créer un prospect ici dans ${partition}`,
      lead: (position) => `Prospect ${position}`,
      email: 'Courriel',
      firstName: 'Prénom',
      lastName: 'Nom',
      title: 'Titre',
      addLead: 'Ajouter un prospect',
      save: 'Enregistrer',
      created: 'Créé',
      updated: 'Mis à jour',
      openLead: /^Ouvrir le prospect (\d+)$/,
      lookupQuery: 'ID de prospect ou courriel',
      lookUp: 'Rechercher',
      leadHeading: (id) => `Prospect ${id}`,
      // French puts a (no-break) space before the colon.
      partitionOf: (name, id) => `Partition\u00a0: ${name} (ID ${id})`,
      moveLead: 'Déplacer vers une partition…',
      moveToPartition: 'Déplacer vers la partition',
      move: 'Déplacer',
      moved: (id, partition) => `Le prospect ${id} se trouve maintenant dans ${partition}.`,
      close: 'Fermer',
    },
  },
];

for (const { locale, words } of LANGUAGES) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test('the partitions guide: two leads created in Mexico, updated, one found and moved to Canada', async ({
      page,
      emulator,
      checkA11y,
    }) => {
      test.setTimeout(90_000);
      const emails = [uniqueEmail('enrique'), uniqueEmail('felipe')];
      const group = (position: number) =>
        page.getByRole('group', { name: words.lead(position), exact: true });
      const result = (position: number) =>
        page.getByRole('listitem', { name: new RegExp(`^${words.lead(position)}\\b`) });

      await page.goto('/partitions');
      await expect(page.getByRole('heading', { name: words.partitions, level: 1 })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('gridcell', { name: 'Mexico', exact: true })).toBeVisible();
      await checkA11y();

      // Create two leads in Mexico in one submit.
      await page.getByRole('link', { name: words.createLeadHereIn('Mexico'), exact: true }).click();
      await group(1)
        .getByLabel(words.email, { exact: true })
        .fill(emails[0] ?? '');
      await page.getByRole('button', { name: words.addLead }).click();
      await group(2)
        .getByLabel(words.email, { exact: true })
        .fill(emails[1] ?? '');
      await checkA11y();
      await page.getByRole('button', { name: words.save, exact: true }).click();
      for (const position of [1, 2]) {
        await expect(result(position).getByText(words.created, { exact: true })).toBeVisible();
      }
      await checkA11y();
      const ids = await Promise.all(
        [1, 2].map(async (position) => {
          const link = result(position).getByRole('link', { name: words.openLead });
          return Number(words.openLead.exec((await link.textContent()) ?? '')?.[1]);
        }),
      );

      // Update both with first name, last name and title.
      const people = [
        ['Enrique', 'Pena Nieto', 'El Presidente'],
        ['Felipe', 'Calderon', 'Ex Presidente'],
      ];
      for (const [index, [firstName, lastName, title]] of people.entries()) {
        await group(index + 1)
          .getByLabel(words.firstName, { exact: true })
          .fill(firstName ?? '');
        await group(index + 1)
          .getByLabel(words.lastName, { exact: true })
          .fill(lastName ?? '');
        await group(index + 1)
          .getByLabel(words.title, { exact: true })
          .fill(title ?? '');
      }
      await page.getByRole('button', { name: words.save, exact: true }).click();
      for (const position of [1, 2]) {
        await expect(result(position).getByText(words.updated, { exact: true })).toBeVisible();
      }

      // Look one up by id and see Mexico.
      const id = ids[0] ?? 0;
      await page.goto('/leads');
      await page.getByLabel(words.lookupQuery).fill(String(id));
      await checkA11y();
      await page.getByRole('button', { name: words.lookUp, exact: true }).click();
      await expect(page.getByRole('heading', { name: words.leadHeading(id), level: 1 })).toBeVisible();
      await expect(page.getByText(words.partitionOf('Mexico', 2))).toBeVisible();
      await expect(page.getByText('El Presidente')).toBeVisible();
      await checkA11y();

      // Move it to Canada and see Canada.
      await page.getByRole('button', { name: words.moveLead, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: words.moveToPartition }).click();
      await page.getByRole('option', { name: 'Canada', exact: true }).click();
      await checkA11y();
      await dialog.getByRole('button', { name: words.move, exact: true }).click();
      await expect(dialog.getByText(words.moved(id, 'Canada'))).toBeVisible();
      await checkA11y();
      await dialog.getByRole('button', { name: words.close }).click();
      await expect(page.getByText(words.partitionOf('Canada', 3))).toBeVisible();

      const stored = (await emulator.leads()).filter((lead) => emails.includes(String(lead.email)));
      expect(stored.map((lead) => [lead.email, lead.leadPartitionId, lead.firstName])).toEqual([
        [emails[0], 3, 'Enrique'],
        [emails[1], 2, 'Felipe'],
      ]);
    });
  });
}
