// The scenario of Marketo's partitions guide (2015-09-04): a "Country" workspace with Mexico and Canada next to
// the system partition. Lead 318816 is the guide's own example; the rest are invented, realistic neighbours.

export const SEED_PARTITIONS = [
  { id: 1, name: 'Default', description: 'Initial system lead partition' },
  { id: 2, name: 'Mexico', description: 'Leads that live in Mexico' },
  { id: 3, name: 'Canada', description: 'Leads that live in Canada' },
] as const;

interface SeedLead {
  id: number;
  partitionId: number;
  createdAt: string;
  updatedAt: string;
  fields: Record<string, string | number | boolean | null>;
}

const at = (day: string, time: string): string => `${day}T${time}Z`;

export const SEED_LEADS: readonly SeedLead[] = [
  {
    id: 318801,
    partitionId: 1,
    createdAt: at('2015-08-20', '14:03:11'),
    updatedAt: at('2015-08-20', '14:03:11'),
    fields: {
      email: 'jordan.reyes@example.com',
      firstName: 'Jordan',
      lastName: 'Reyes',
      title: 'Marketing Operations Manager',
      company: 'Example Corp',
      city: 'Chicago',
      state: 'IL',
      country: 'United States',
      leadSource: 'Website',
      leadScore: 42,
    },
  },
  {
    id: 318802,
    partitionId: 1,
    createdAt: at('2015-08-21', '09:15:42'),
    updatedAt: at('2015-08-28', '16:40:05'),
    fields: {
      email: 'priya.natarajan@example.com',
      firstName: 'Priya',
      lastName: 'Natarajan',
      title: 'VP Demand Generation',
      company: 'Example Corp',
      phone: '+1 312 555 0142',
      customerTier: 2,
      unsubscribed: false,
    },
  },
  {
    id: 318803,
    partitionId: 1,
    createdAt: at('2015-08-24', '11:22:09'),
    updatedAt: at('2015-08-24', '11:22:09'),
    fields: {
      email: 'chris.morgan@example.org',
      firstName: 'Chris',
      lastName: 'Morgan',
      company: 'Example Org',
    },
  },
  {
    // A real-world duplicate: same email as 318803 in another case, so lookups by email match two leads (1007).
    id: 318804,
    partitionId: 1,
    createdAt: at('2015-08-25', '08:01:55'),
    updatedAt: at('2015-08-25', '08:01:55'),
    fields: { email: 'Chris.Morgan@example.org', firstName: 'Christopher', lastName: 'Morgan' },
  },
  {
    id: 318816,
    partitionId: 2,
    createdAt: at('2015-09-04', '17:05:12'),
    updatedAt: at('2015-09-04', '17:09:48'),
    fields: {
      email: 'enrique.pena-nieto@gob.mx',
      firstName: 'Enrique',
      lastName: 'Pena Neito',
      title: 'El Presidente',
      country: 'Mexico',
      preferredLanguage: 'es-MX',
    },
  },
  {
    id: 318817,
    partitionId: 2,
    createdAt: at('2015-09-04', '17:05:12'),
    updatedAt: at('2015-09-04', '17:09:48'),
    fields: {
      email: 'lucia.hernandez@example.mx',
      firstName: 'Lucía',
      lastName: 'Hernández',
      title: 'Directora de Mercadotecnia',
      city: 'Ciudad de México',
      country: 'Mexico',
      preferredLanguage: 'es-MX',
    },
  },
  {
    id: 318818,
    partitionId: 2,
    createdAt: at('2015-09-07', '10:44:30'),
    updatedAt: at('2015-09-07', '10:44:30'),
    fields: {
      email: 'mateo.garcia@example.mx',
      firstName: 'Mateo',
      lastName: 'García',
      city: 'Guadalajara',
      country: 'Mexico',
      externalCustomerId: 'MX-000318',
      gdprConsent: true,
    },
  },
  {
    id: 318820,
    partitionId: 3,
    createdAt: at('2015-09-08', '13:30:00'),
    updatedAt: at('2015-09-08', '13:30:00'),
    fields: {
      email: 'emily.tremblay@example.ca',
      firstName: 'Émilie',
      lastName: 'Tremblay',
      title: 'Directrice marketing',
      city: 'Montréal',
      state: 'QC',
      country: 'Canada',
      preferredLanguage: 'fr-CA',
    },
  },
  {
    id: 318821,
    partitionId: 3,
    createdAt: at('2015-09-08', '13:31:27'),
    updatedAt: at('2015-09-10', '09:02:14'),
    fields: {
      email: 'liam.oconnor@example.ca',
      firstName: 'Liam',
      lastName: "O'Connor",
      city: 'Toronto',
      state: 'ON',
      country: 'Canada',
      customerTier: 1,
      lastEventDate: '2015-09-09',
    },
  },
  {
    id: 318822,
    partitionId: 3,
    createdAt: at('2015-09-09', '18:12:40'),
    updatedAt: at('2015-09-09', '18:12:40'),
    fields: {
      email: 'sarah.nguyen@example.ca',
      firstName: 'Sarah',
      lastName: 'Nguyen',
      city: 'Vancouver',
      state: 'BC',
      country: 'Canada',
      externalCustomerId: 'CA-000822',
    },
  },
];
