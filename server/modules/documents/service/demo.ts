import path from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Config } from '../../../platform/config.js';
import type { Db } from '../../../platform/db/client.js';
import { localFileStore } from '../../../platform/storage.js';
import { organizations } from '../../../platform/tenancy.js';
import { activeOrgMembers } from '../../identity/index.js';
import { orgDocuments } from '../documents.tables.js';
import { extractPendingTexts } from './extract.js';
import { storeOrgDocument } from './store.js';

const MANUAL: [string, string[]][] = [
  ['1 Access and security', ['Visitors are registered in the portal at least 24 hours ahead and show photo identification at reception.', 'Permanent badges are personal; report a lost badge to the service desk at once so it can be blocked.']],
  ['2 Power', ['Every rack is fed by two independent circuits (A and B) from separate UPS systems.', 'Keep the load of each circuit below 80 % of its rating so either feed can carry the rack alone.', 'The emergency generators are tested monthly under load and refuelled after every test.']],
  ['3 Cooling', ['Cold aisles are kept between 18 and 27 °C at the rack inlet (ASHRAE recommended range).', 'Use blanking panels in empty rack units; open units short-circuit the cold aisle.']],
  ['4 Smart hands', ['Order smart hands in the portal: reboots, cabling, photos of equipment, unpacking of shipments.', 'Describe the rack, the device and the exact ports; attach photos or drawings where they help.']],
  ['5 Incidents and escalation', ['Report loss of service as an incident in the portal; the service desk answers around the clock.', 'Critical incidents are escalated to the duty manager after 30 minutes without a workaround.']],
];

function manualPdf(orgName: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Operations manual — ${orgName}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(20).text('Operations manual');
    doc.font('Helvetica').fontSize(11).fillColor('#555').text(`Colocation services for ${orgName}`).moveDown(1.5).fillColor('#000');
    for (const [heading, paragraphs] of MANUAL) {
      doc.font('Helvetica-Bold').fontSize(13).text(heading).moveDown(0.3);
      for (const p of paragraphs) doc.font('Helvetica').fontSize(11).text(p).moveDown(0.5);
      doc.moveDown(0.5);
    }
    doc.end();
  });
}

const SERVICE_DESCRIPTION = `# Service description: colocation

## What is included
- Rack space in a secured cage, with two independent power feeds (A and B)
- Cooling to the ASHRAE recommended inlet range (18–27 °C)
- Remote hands for simple tasks (reboots, visual checks) up to 2 hours a month

## Service levels
| Priority | First response | Resolution target |
| --- | --- | --- |
| Critical | 15 minutes | 4 hours |
| High | 1 hour | 8 hours |
| Normal | 4 hours | 3 business days |

Availability of power to the rack: 99.99 % per calendar year.
`;

const PRICE_LIST = `Item;Unit;Monthly price (NOK)
Rack 42U, 2 x 16 A;rack;9 800
Cross-connect, single-mode fibre;connection;650
Smart hands beyond the included 2 hours;hour;1 150
Metered energy;kWh;1.45
`;

/**
 * Demo documents (idempotent) for the named organisations: an operations manual (PDF), a service
 * description (Markdown) and a price list for holders of `billing.read`, uploaded by the provider's
 * first agent or admin; their text is extracted at once so search finds them.
 */
export async function seedDocumentsDemo(deps: { db: Db; config: Pick<Config, 'dataDir'> }, orgNames: string[]) {
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  const orgs = await deps.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(and(eq(organizations.kind, 'customer'), inArray(organizations.name, orgNames)));
  const [provider] = await deps.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'provider')).limit(1);
  const staff = provider ? (await activeOrgMembers(deps.db, provider.id)).find((u) => u.role === 'provider_agent' || u.role === 'provider_admin') : undefined;
  let n = 0;
  for (const org of orgs) {
    const [existing] = await deps.db.select({ id: orgDocuments.id }).from(orgDocuments).where(and(eq(orgDocuments.orgId, org.id), isNull(orgDocuments.period))).limit(1);
    if (existing) continue;
    const by = { createdBy: staff?.id ?? null, createdBySystem: staff ? null : 'Portico' };
    const manual = await manualPdf(org.name);
    await deps.db.transaction(async (tx) => {
      await storeOrgDocument(tx, files, { orgId: org.id, category: 'operations_manual', title: 'Operations manual', description: 'Access, power, cooling, smart hands and escalation in our data centres.', language: 'en', filename: 'operations-manual.pdf', contentType: 'application/pdf', content: manual, ...by });
      await storeOrgDocument(tx, files, { orgId: org.id, category: 'service_description', title: 'Service description: colocation', description: 'What the colocation service includes and its service levels.', language: 'en', filename: 'service-description-colocation.md', contentType: 'text/markdown', content: Buffer.from(SERVICE_DESCRIPTION), ...by });
      await storeOrgDocument(tx, files, { orgId: org.id, category: 'billing', title: 'Price list 2027', description: 'Monthly prices of racks, cross-connects, smart hands and energy.', language: 'en', filename: 'price-list-2027.csv', contentType: 'text/csv', content: Buffer.from(PRICE_LIST), requiredPermission: 'billing.read', ...by });
    });
    n += 3;
  }
  if (n) await extractPendingTexts({ db: deps.db, files });
  return n;
}
