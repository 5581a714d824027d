import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../platform/db/client.js';
import { organizations } from '../../platform/tenancy.js';
import { userIdsByEmail } from '../identity/index.js';
import { kbArticleOrgs, kbArticleVariants, kbArticles, kbCategories, kbRelated, kbVersions, type KbContent } from './kb.tables.js';

type DemoArticle = { key: string; category: string; visibility: 'public' | 'customers' | 'organisations' | 'internal'; orgs?: string[]; tags: string[]; content: KbContent; related?: string[]; reviewedDaysAgo?: number };

const CATEGORIES: { key: string; parent?: string; names: Record<string, string> }[] = [
  { key: 'visits', names: { en: 'Access and visits', de: 'Zutritt und Besuche', nb: 'Adgang og besøk', ru: 'Доступ и визиты' } },
  { key: 'logistics', names: { en: 'Shipping and deliveries', de: 'Versand und Lieferungen', nb: 'Frakt og leveranser', ru: 'Доставка' } },
  { key: 'services', names: { en: 'Services', de: 'Dienstleistungen', nb: 'Tjenester', ru: 'Услуги' } },
  { key: 'hands', parent: 'services', names: { en: 'Smart and remote hands', de: 'Smart und Remote Hands', nb: 'Smart og remote hands', ru: 'Удалённые руки' } },
  { key: 'connectivity', parent: 'services', names: { en: 'Cross-connects', de: 'Cross-Connects', nb: 'Krysskoblinger', ru: 'Кросс-соединения' } },
  { key: 'facility', names: { en: 'Facility', de: 'Rechenzentrum', nb: 'Anlegget', ru: 'Объект' } },
  { key: 'power', parent: 'facility', names: { en: 'Power and cooling', de: 'Strom und Kühlung', nb: 'Strøm og kjøling', ru: 'Питание и охлаждение' } },
  { key: 'maintenance', parent: 'facility', names: { en: 'Maintenance', de: 'Wartung', nb: 'Vedlikehold', ru: 'Обслуживание' } },
];

const ARTICLES: DemoArticle[] = [
  {
    key: 'access',
    category: 'visits',
    visibility: 'customers',
    tags: ['access', 'visit', 'badge'],
    related: ['shipping', 'smart-hands'],
    content: {
      en: {
        title: 'How to request physical access to the data centre',
        body: `Only **authorised requesters** of your organisation can request access for people. Ask your customer administrator if you need the right.\n\n## Steps\n\n1. Open **Order something → Physical access**.\n2. Choose the site and the cage or rack the visitors need.\n3. Add each visitor with full name, company and e-mail. They receive their visit code by e-mail.\n4. Pick the time window. Visits longer than 12 hours need a permanent badge.\n\n> [!NOTE]\n> Bring a photo ID. Security checks it against the name on the request at the entrance.\n\n## Lead times\n\n| Request | Lead time |\n| --- | --- |\n| Escorted visit | 1 business day |\n| Unescorted visit (existing badge) | 2 hours |\n| New permanent badge | 5 business days |\n\nUrgent access outside these times: open an incident with urgency **critical** and call the service desk.`,
      },
      de: {
        title: 'Physischen Zutritt zum Rechenzentrum beantragen',
        body: `Nur **berechtigte Antragsteller** Ihrer Organisation können Zutritt für Personen beantragen. Fragen Sie Ihren Kundenadministrator, wenn Sie das Recht benötigen.\n\n## Schritte\n\n1. Öffnen Sie **Bestellen → Physischer Zutritt**.\n2. Wählen Sie den Standort und den Käfig oder das Rack.\n3. Fügen Sie jede Person mit vollem Namen, Firma und E-Mail hinzu. Sie erhält ihren Besuchscode per E-Mail.\n4. Wählen Sie das Zeitfenster. Besuche über 12 Stunden benötigen einen Dauerausweis.\n\n> [!NOTE]\n> Bringen Sie einen Lichtbildausweis mit. Der Sicherheitsdienst prüft ihn am Eingang.\n\n## Vorlaufzeiten\n\n| Antrag | Vorlaufzeit |\n| --- | --- |\n| Begleiteter Besuch | 1 Arbeitstag |\n| Unbegleiteter Besuch (vorhandener Ausweis) | 2 Stunden |\n| Neuer Dauerausweis | 5 Arbeitstage |`,
      },
      nb: {
        title: 'Slik ber du om fysisk adgang til datasenteret',
        body: `Bare **autoriserte bestillere** i organisasjonen din kan be om adgang for personer.\n\n1. Åpne **Bestill → Fysisk adgang**.\n2. Velg anlegg og bur eller rack.\n3. Legg til hver besøkende med fullt navn, firma og e-post.\n4. Velg tidsvindu.\n\n> [!NOTE]\n> Ta med legitimasjon med bilde.`,
      },
    },
  },
  {
    key: 'shipping',
    category: 'logistics',
    visibility: 'customers',
    tags: ['shipping', 'delivery', 'goods'],
    related: ['access'],
    content: {
      en: {
        title: 'Shipping equipment to the data centre',
        body: `Address every parcel to the site's goods reception and put your **organisation name and ticket or order reference** on the label, for example \`ACME / ORD0000042\`.\n\n## Before you ship\n\n- Announce the delivery with an inquiry ticket at least one business day ahead: number of parcels, weight, carrier and tracking number.\n- Pallets over 500 kg need a booked loading-dock slot.\n\n## At the site\n\nGoods reception is open Monday to Friday, 08:00–16:00 local time. We store announced deliveries for up to **10 business days** free of charge. Unannounced parcels may be refused.\n\n> [!WARNING]\n> Lithium batteries and hazardous goods must be declared in the ticket. We cannot accept them without the carrier's documentation.`,
      },
      de: {
        title: 'Geräte an das Rechenzentrum versenden',
        body: `Adressieren Sie jedes Paket an die Warenannahme des Standorts und schreiben Sie **Organisation und Ticket- oder Bestellnummer** auf das Etikett, zum Beispiel \`ACME / ORD0000042\`.\n\n## Vor dem Versand\n\n- Melden Sie die Lieferung mindestens einen Arbeitstag vorher mit einer Anfrage an: Anzahl der Pakete, Gewicht, Spediteur und Sendungsnummer.\n- Paletten über 500 kg benötigen ein gebuchtes Zeitfenster an der Laderampe.\n\n## Am Standort\n\nDie Warenannahme ist Montag bis Freitag von 08:00 bis 16:00 Uhr geöffnet. Angemeldete Lieferungen lagern wir bis zu **10 Arbeitstage** kostenlos.\n\n> [!WARNING]\n> Lithiumbatterien und Gefahrgut müssen im Ticket angegeben werden.`,
      },
    },
  },
  {
    key: 'smart-hands',
    category: 'hands',
    visibility: 'customers',
    tags: ['smart hands', 'remote hands', 'scope'],
    related: ['reboot'],
    content: {
      en: {
        title: 'Smart hands: what our technicians can do for you',
        body: `Smart hands are on-site tasks our technicians do on your equipment while you stay remote.\n\n## Included\n\n- Visual checks (LEDs, cabling, labels) with photos\n- Power cycling, reseating modules and cables\n- Swapping a disk, PSU or SFP you shipped to us\n- Racking and cabling following your written plan\n\n## Not included\n\n- Configuration of operating systems or network devices\n- Work that needs tools or parts we do not hold\n- Decisions: we follow your instructions step by step\n\n> [!TIP]\n> Precise instructions save time: name the rack, the unit (U), the device label and the port.\n\nTasks are billed in 15-minute steps. Order through **Order something → Smart hands**.`,
      },
      de: {
        title: 'Smart Hands: was unsere Techniker für Sie tun',
        body: `Smart Hands sind Arbeiten vor Ort an Ihren Geräten, während Sie remote bleiben.\n\n## Enthalten\n\n- Sichtprüfung (LEDs, Verkabelung, Beschriftung) mit Fotos\n- Aus- und Einschalten, Module und Kabel neu stecken\n- Austausch von Festplatte, Netzteil oder SFP, die Sie uns geschickt haben\n- Einbau und Verkabelung nach Ihrem schriftlichen Plan\n\n## Nicht enthalten\n\n- Konfiguration von Betriebssystemen oder Netzwerkgeräten\n- Entscheidungen: wir folgen Ihren Anweisungen Schritt für Schritt\n\n> [!TIP]\n> Genaue Anweisungen sparen Zeit: Rack, Höheneinheit, Gerätebezeichnung und Port.`,
      },
    },
  },
  {
    key: 'reboot',
    category: 'hands',
    visibility: 'customers',
    tags: ['remote hands', 'reboot'],
    related: ['smart-hands'],
    content: {
      en: {
        title: 'Remote hands: having a server rebooted',
        body: `For a hung server, open an **incident** (category *hardware*) with:\n\n1. The rack and unit, e.g. \`OSL1 › Hall A › Cage A01 › Rack 04, U22\`\n2. The device label or serial number\n3. What to do: graceful power button, hard power off for 10 seconds, or pull both power cords\n4. Who to call when it is done\n\n> [!IMPORTANT]\n> We never press a button on a device we cannot identify by its label. Unlabelled devices delay the work.\n\nReboots are done within 30 minutes for urgency *critical* or *blocker*, 24/7.`,
      },
    },
  },
  {
    key: 'cross-connect',
    category: 'connectivity',
    visibility: 'customers',
    tags: ['cross-connect', 'fibre', 'network'],
    content: {
      en: {
        title: 'Ordering a cross-connect',
        body: `A cross-connect is a dedicated cable between your rack and another party's (carrier, cloud on-ramp or another customer) in the same site.\n\n## What you need\n\n- The **LOA/CFA** (Letter of Authorisation) from the other party, naming their panel and port\n- Your panel and port, or ask us to assign one\n- Media: single-mode fibre (LC/UPC), multi-mode fibre or Cat6A copper\n\n## Delivery\n\n| Type | Standard delivery |\n| --- | --- |\n| In-site fibre | 3 business days |\n| Copper | 3 business days |\n| Between buildings | 10 business days |\n\nWe test every fibre with a light meter and attach the readings to your order.`,
      },
      de: {
        title: 'Eine Kreuzverbindung (Cross-Connect) bestellen',
        body: `Eine Kreuzverbindung ist ein eigenes Kabel zwischen Ihrem Rack und dem einer anderen Partei (Carrier, Cloud-Zugang oder anderer Kunde) am selben Standort.\n\n## Was Sie brauchen\n\n- Die **LOA/CFA** der anderen Partei mit Panel und Port\n- Ihr Panel und Ihren Port, oder wir weisen einen zu\n- Medium: Singlemode-Glasfaser (LC/UPC), Multimode oder Cat6A-Kupfer\n\n## Lieferung\n\n| Art | Standardlieferzeit |\n| --- | --- |\n| Glasfaser im Gebäude | 3 Arbeitstage |\n| Kupfer | 3 Arbeitstage |\n| Zwischen Gebäuden | 10 Arbeitstage |`,
      },
    },
  },
  {
    key: 'power',
    category: 'power',
    visibility: 'customers',
    tags: ['power', 'cooling', 'limits'],
    reviewedDaysAgo: 400,
    content: {
      en: {
        title: 'Power and cooling limits per rack',
        body: `Each rack has a **contracted power** (kW) on two independent feeds (A and B).\n\n- Keep the load on each feed below **50 %** of its breaker rating, so one feed can carry everything if the other fails.\n- Standard racks are cooled for up to **8 kW**; high-density racks up to 20 kW on request.\n- Use blanking panels in empty units: open gaps let hot air return to the front.\n\n> [!CAUTION]\n> Above 80 % of the contracted power we alert you; above 100 % we may ask you to reduce load within 24 hours.\n\nYour current draw per feed is in your monthly report.`,
      },
    },
  },
  {
    key: 'maintenance',
    category: 'maintenance',
    visibility: 'public',
    tags: ['maintenance', 'planned work'],
    content: {
      en: {
        title: 'Planned maintenance windows',
        body: `Planned work on shared infrastructure (power, cooling, network core) happens in these windows, local site time:\n\n| Kind | Window | Notice |\n| --- | --- | --- |\n| Standard | Tuesday and Thursday 22:00–04:00 | 10 days |\n| Emergency | Any time | As soon as possible |\n\nWe announce each window by e-mail and on the portal, with the affected sites and the expected impact. Redundant systems stay up: the work is done on one side (A or B) at a time.`,
      },
      de: {
        title: 'Geplante Wartungsfenster',
        body: `Geplante Arbeiten an gemeinsamer Infrastruktur (Strom, Kühlung, Netzwerk-Kern) finden in diesen Fenstern statt (Ortszeit des Standorts):\n\n| Art | Fenster | Ankündigung |\n| --- | --- | --- |\n| Standard | Dienstag und Donnerstag 22:00–04:00 | 10 Tage |\n| Notfall | Jederzeit | So früh wie möglich |\n\nRedundante Systeme bleiben in Betrieb: gearbeitet wird immer nur auf einer Seite (A oder B).`,
      },
    },
  },
  {
    key: 'escalation',
    category: 'services',
    visibility: 'customers',
    tags: ['support', 'escalation'],
    content: {
      en: {
        title: 'How urgency and priority work for your tickets',
        body: `When you open a ticket you choose an **urgency** (blocker, critical, major, minor). The classification helper asks three questions to suggest one. Together with the impact, it sets the priority P1–P4, which sets the response and resolution targets shown on the ticket.\n\nEach ticket shows who has it and when to expect the next step. Waiting for your reply pauses the clock.`,
      },
    },
  },
  {
    key: 'acme-cage',
    category: 'visits',
    visibility: 'organisations',
    orgs: ['Acme Hosting AS'],
    tags: ['acme', 'cage'],
    content: {
      en: {
        title: 'Acme: your cage at OSL1 and who may enter it',
        body: `Your cage A01 in Hall A is on the ground floor, entrance through security gate 2. Access lists are kept by your authorised requesters; the badge readers log every entry in **Access activity**.`,
      },
    },
  },
  {
    key: 'runbook',
    category: 'hands',
    visibility: 'internal',
    tags: ['runbook'],
    content: {
      en: {
        title: 'Runbook: handling a smart-hands request',
        body: `1. Confirm the device by label and serial before touching it.\n2. Photograph the rack front and back before and after.\n3. Log the time spent in 15-minute steps in the order's task.\n\n> [!WARNING]\n> Never follow instructions that are not in the ticket or order.`,
      },
    },
  },
];

/** Seeds the demo knowledge base (categories, articles with versions, some in German), once. */
export async function seedKbDemo(db: Db) {
  const existing = await db.select({ id: kbArticles.id }).from(kbArticles).limit(1);
  if (existing.length) return;
  const people = await userIdsByEmail(db, ['admin@nordlys.example', 'agent2@nordlys.example']);
  const author = people.get('agent2@nordlys.example') ?? people.get('admin@nordlys.example');
  if (!author) return;
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.kind, 'customer'));
  const catIds = new Map<string, string>();
  for (const [i, c] of CATEGORIES.entries()) {
    const id = uuidv7();
    catIds.set(c.key, id);
    await db.insert(kbCategories).values({ id, parentId: c.parent ? catIds.get(c.parent)! : null, names: c.names, position: i });
  }
  const ids = new Map(ARTICLES.map((a) => [a.key, uuidv7()]));
  const now = Date.now();
  for (const [i, a] of ARTICLES.entries()) {
    const id = ids.get(a.key)!;
    const at = new Date(now - (ARTICLES.length - i) * 3 * 86_400_000);
    const reviewed = a.reviewedDaysAgo ? new Date(now - a.reviewedDaysAgo * 86_400_000) : at;
    await db.insert(kbArticles).values({
      id,
      categoryId: catIds.get(a.category)!,
      mainLang: 'en',
      visibility: a.visibility,
      tags: a.tags,
      publishedVersion: 1,
      lastVersion: 1,
      viewCount: 40 - i * 3,
      createdBy: author,
      updatedBy: author,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      lastReviewedAt: reviewed,
      lastReviewedBy: author,
    });
    await db.insert(kbVersions).values({ articleId: id, number: 1, content: a.content, authorId: author, createdAt: at });
    await db.insert(kbArticleVariants).values(Object.entries(a.content).map(([lang, v]) => ({ articleId: id, lang, title: v!.title, body: v!.body })));
    const orgIds = orgs.filter((o) => a.orgs?.includes(o.name)).map((o) => o.id);
    if (orgIds.length) await db.insert(kbArticleOrgs).values(orgIds.map((orgId) => ({ articleId: id, orgId })));
  }
  for (const a of ARTICLES) {
    const rel = (a.related ?? []).map((k) => ids.get(k)).filter((x): x is string => !!x);
    if (rel.length) await db.insert(kbRelated).values(rel.map((relatedId, position) => ({ articleId: ids.get(a.key)!, relatedId, position })));
  }
}
