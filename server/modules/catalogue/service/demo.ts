import { inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { ItemInput, type ItemTextsByLang } from '../../../../contracts/catalogue.js';
import type { FormDefinitionInput, LocalText } from '../../../../contracts/forms.js';
import type { Db } from '../../../platform/db/client.js';
import { supportGroupRefs } from '../../tickets/index.js';
import { catalogueCategories, catalogueItems } from '../catalogue.tables.js';

/** A text in the four languages. */
const L = (en: string, de: string, nb: string, ru: string): LocalText => ({ en, de, nb, ru });
type Texts = [name: string, short: string, long: string];
const T = (en: Texts, de: Texts, nb: Texts, ru: Texts): ItemTextsByLang => {
  const t = ([name, short, long]: Texts) => ({ name, short, long });
  return { en: t(en), de: t(de), nb: t(nb), ru: t(ru) };
};
const opt = (value: string, en: string, de: string, nb: string, ru: string) => ({ value, label: L(en, de, nb, ru) });

const CATEGORIES = [
  { key: 'access', icon: 'door-enter', sort: 10, names: L('Access', 'Zutritt', 'Adgang', 'Доступ') },
  { key: 'remote-hands', icon: 'hand-finger', sort: 20, names: L('Remote hands', 'Remote Hands', 'Remote hands', 'Удалённые руки') },
  { key: 'logistics', icon: 'truck-delivery', sort: 30, names: L('Shipments', 'Sendungen', 'Forsendelser', 'Отправления') },
  { key: 'connectivity', icon: 'plug-connected', sort: 40, names: L('Connectivity', 'Konnektivität', 'Tilkobling', 'Подключение') },
  { key: 'equipment', icon: 'server', sort: 50, names: L('Equipment and space', 'Geräte und Fläche', 'Utstyr og areal', 'Оборудование и площадь') },
  { key: 'other', icon: 'help', sort: 90, names: L('Other', 'Sonstiges', 'Annet', 'Прочее') },
] as const;

// Fields several forms share.
const locationField = (key: string, multiple: boolean, required = true, label = L('Location', 'Standort', 'Lokasjon', 'Местоположение')) => ({
  key,
  type: 'location' as const,
  label,
  required,
  multiple,
  singleSite: true,
  help: L(
    'Only the cages and racks your organisation rents are offered.',
    'Angeboten werden nur die Cages und Racks Ihrer Organisation.',
    'Bare burene og rackene organisasjonen din leier, vises.',
    'Предлагаются только клетки и стойки вашей организации.',
  ),
});
const filesField = (key: string, maxFiles: number, required = false) => ({
  key,
  type: 'file' as const,
  label: L('Attachments', 'Anhänge', 'Vedlegg', 'Вложения'),
  required,
  maxFiles,
});
const notesField = (key: string, required: boolean, label = L('Description', 'Beschreibung', 'Beskrivelse', 'Описание')) => ({
  key,
  type: 'textarea' as const,
  label,
  required,
  maxLength: 4000,
});
const carrierField = {
  key: 'carrier',
  type: 'select' as const,
  label: L('Carrier', 'Transportunternehmen', 'Transportør', 'Перевозчик'),
  required: true,
  options: [
    opt('dhl', 'DHL', 'DHL', 'DHL', 'DHL'),
    opt('fedex', 'FedEx', 'FedEx', 'FedEx', 'FedEx'),
    opt('ups', 'UPS', 'UPS', 'UPS', 'UPS'),
    opt('postnord', 'PostNord', 'PostNord', 'PostNord', 'PostNord'),
    opt('own', 'Own transport', 'Eigener Transport', 'Egen transport', 'Собственный транспорт'),
    opt('other', 'Other', 'Andere', 'Annen', 'Другой'),
  ],
};
const boxesField = { key: 'boxes', type: 'number' as const, label: L('Number of boxes', 'Anzahl Packstücke', 'Antall kolli', 'Количество мест'), required: true, min: 1, max: 200, step: 1 };
const weightField = { key: 'weightKg', type: 'number' as const, label: L('Total weight', 'Gesamtgewicht', 'Totalvekt', 'Общий вес'), required: false, min: 0, max: 10_000, step: 0.1, unit: 'kg' };
const dimensionsField = {
  key: 'dimensions',
  type: 'text' as const,
  label: L('Dimensions of the largest box (L × W × H cm)', 'Maße des größten Packstücks (L × B × H cm)', 'Mål på største kolli (L × B × H cm)', 'Размеры самого большого места (Д × Ш × В см)'),
  required: false,
  maxLength: 60,
};
const referenceField = { key: 'customerReference', type: 'text' as const, label: L('Your reference', 'Ihre Referenz', 'Deres referanse', 'Ваш номер'), required: false, maxLength: 80 };
const poField = { key: 'purchaseOrder', type: 'text' as const, label: L('Purchase order', 'Bestellnummer', 'Innkjøpsordre', 'Номер заказа на закупку'), required: false, maxLength: 80 };

type DemoItem = Omit<ItemInput, 'categoryId' | 'tasks' | 'form' | 'active' | 'orderPermission'> & {
  category: (typeof CATEGORIES)[number]['key'];
  orderPermission?: string | null;
  tasks: LocalText[];
  form: FormDefinitionInput;
};

const ITEMS: DemoItem[] = [
  {
    key: 'work-visit',
    kind: 'access_visit',
    category: 'access',
    icon: 'door-enter',
    sort: 10,
    texts: T(
      ['Request for access (work visit)', 'Let your people or visitors into your cage or rack for up to 14 days.', 'Request physical access for a **work visit**: name your own people and any visitors, the cage or rack and the time window.\n\n- Visits last at most 14 days and start in the future.\n- Visitors show photo ID at the security desk.\n- Only authorised requesters of your organisation can order this.'],
      ['Zutrittsanfrage (Arbeitsbesuch)', 'Lassen Sie Ihre Leute oder Besucher bis zu 14 Tage in Ihren Cage oder Ihr Rack.', 'Beantragen Sie physischen Zutritt für einen **Arbeitsbesuch**: Ihre eigenen Leute und Besucher, den Cage oder das Rack und das Zeitfenster.\n\n- Besuche dauern höchstens 14 Tage und beginnen in der Zukunft.\n- Besucher weisen sich am Empfang mit Lichtbildausweis aus.\n- Nur berechtigte Antragsteller Ihrer Organisation können dies bestellen.'],
      ['Adgangsforespørsel (arbeidsbesøk)', 'Slipp inn dine folk eller besøkende i buret eller racket i opptil 14 dager.', 'Be om fysisk adgang for et **arbeidsbesøk**: egne folk og besøkende, bur eller rack og tidsvindu.\n\n- Besøk varer høyst 14 dager og starter fram i tid.\n- Besøkende viser legitimasjon med bilde i resepsjonen.\n- Bare autoriserte bestillere i organisasjonen kan bestille dette.'],
      ['Запрос на доступ (рабочий визит)', 'Пропуск ваших сотрудников или посетителей в клетку или стойку на срок до 14 дней.', 'Запросите физический доступ для **рабочего визита**: ваши сотрудники и посетители, клетка или стойка и временное окно.\n\n- Визит длится не более 14 дней и начинается в будущем.\n- Посетители предъявляют удостоверение личности с фото на посту охраны.\n- Заказать могут только уполномоченные заявители вашей организации.'],
    ),
    leadTimeHours: 4,
    price: null,
    orderableBy: 'permission',
    orderPermission: 'access.request',
    approvalRule: 'provider',
    fulfilmentSlaHours: 4,
    tasks: [L('Register the visit in the access control system', 'Besuch im Zutrittskontrollsystem erfassen', 'Registrer besøket i adgangskontrollen', 'Зарегистрировать визит в системе контроля доступа')],
    form: {
      fields: [
        locationField('locations', true),
        {
          key: 'window',
          type: 'datetimerange',
          label: L('Time window', 'Zeitfenster', 'Tidsvindu', 'Временное окно'),
          required: true,
          futureOnly: true,
          maxHours: 336,
        },
        {
          key: 'persons',
          type: 'person',
          label: L('People of your organisation', 'Personen Ihrer Organisation', 'Personer i organisasjonen', 'Сотрудники вашей организации'),
          required: false,
          max: 50,
        },
        {
          key: 'visitors',
          type: 'visitors',
          label: L('Visitors', 'Besucher', 'Besøkende', 'Посетители'),
          required: false,
          max: 50,
          requiredFields: ['company', 'email'],
          help: L('People without a portal account, e.g. a contractor.', 'Personen ohne Portalzugang, z. B. ein Dienstleister.', 'Personer uten portalkonto, f.eks. en leverandør.', 'Люди без учётной записи в портале, например подрядчик.'),
        },
        {
          key: 'purpose',
          type: 'select',
          label: L('Purpose', 'Zweck', 'Formål', 'Цель'),
          required: true,
          options: [
            opt('installation', 'Installation', 'Installation', 'Installasjon', 'Монтаж'),
            opt('maintenance', 'Maintenance', 'Wartung', 'Vedlikehold', 'Обслуживание'),
            opt('troubleshooting', 'Troubleshooting', 'Fehlersuche', 'Feilsøking', 'Устранение неисправностей'),
            opt('audit', 'Audit or inspection', 'Audit oder Inspektion', 'Revisjon eller inspeksjon', 'Аудит или проверка'),
            opt('tour', 'Tour', 'Besichtigung', 'Omvisning', 'Экскурсия'),
            opt('other', 'Other', 'Sonstiges', 'Annet', 'Другое'),
          ],
        },
        { key: 'openCabinet', type: 'checkbox', label: L('Open our cabinet for the visitors', 'Unser Rack für die Besucher öffnen', 'Åpne racket vårt for de besøkende', 'Открыть наш шкаф для посетителей'), required: false },
        { key: 'escort', type: 'checkbox', label: L('Escort required', 'Begleitung erforderlich', 'Trenger følge', 'Требуется сопровождение'), required: false },
        notesField('description', false, L('Notes for security', 'Hinweise für den Sicherheitsdienst', 'Merknader til vakten', 'Примечания для охраны')),
      ],
    },
  },
  {
    key: 'permanent-badge',
    kind: 'access_badge',
    category: 'access',
    icon: 'id-badge',
    sort: 20,
    texts: T(
      ['Permanent access badge', 'A personal badge for staff who visit often.', 'A **permanent badge** lets a named person in without a visit request, for the locations named here.\n\n- Needs approval by your customer admin **and** by us.\n- The badge expires by itself; unused badges lapse.\n- The holder collects it in person with photo ID.'],
      ['Dauerausweis', 'Ein persönlicher Ausweis für Personen, die oft kommen.', 'Ein **Dauerausweis** lässt eine benannte Person ohne Besuchsanfrage in die hier genannten Bereiche.\n\n- Braucht die Freigabe Ihres Kundenadministrators **und** unsere.\n- Der Ausweis läuft von selbst ab; ungenutzte Ausweise verfallen.\n- Die Person holt ihn persönlich mit Lichtbildausweis ab.'],
      ['Permanent adgangskort', 'Et personlig kort for dem som kommer ofte.', 'Et **permanent adgangskort** slipper en navngitt person inn uten besøksforespørsel, til lokasjonene som nevnes her.\n\n- Må godkjennes av kundeadministratoren **og** av oss.\n- Kortet utløper av seg selv; ubrukte kort bortfaller.\n- Innehaveren henter det selv med legitimasjon.'],
      ['Постоянный пропуск', 'Личный пропуск для тех, кто приходит часто.', '**Постоянный пропуск** позволяет указанному человеку проходить без запроса на визит в указанные зоны.\n\n- Требует одобрения администратора клиента **и** нашего.\n- Срок действия пропуска истекает сам; неиспользуемые пропуска аннулируются.\n- Владелец получает его лично по удостоверению с фото.'],
    ),
    leadTimeHours: 72,
    price: { amountCents: 50_000, currency: 'NOK' },
    orderableBy: 'permission',
    orderPermission: 'access.request',
    approvalRule: 'both',
    fulfilmentSlaHours: 72,
    tasks: [
      L('Check identity and take the photo', 'Identität prüfen und Foto aufnehmen', 'Kontroller identitet og ta bilde', 'Проверить личность и сделать фото'),
      L('Issue the badge and enrol biometrics', 'Ausweis ausgeben und Biometrie erfassen', 'Utsted kortet og registrer biometri', 'Выдать пропуск и зарегистрировать биометрию'),
    ],
    form: {
      fields: [
        { key: 'persons', type: 'person', label: L('Badge holders', 'Ausweisinhaber', 'Kortinnehavere', 'Владельцы пропусков'), required: true, min: 1, max: 10 },
        locationField('locations', true),
        {
          key: 'validity',
          type: 'daterange',
          label: L('Valid', 'Gültig', 'Gyldig', 'Действует'),
          required: true,
          futureOnly: true,
          maxDays: 366,
        },
        notesField('reason', true, L('Why a permanent badge', 'Grund für den Dauerausweis', 'Hvorfor permanent kort', 'Зачем нужен постоянный пропуск')),
      ],
    },
  },
  {
    key: 'smart-hands',
    kind: 'smart_hands',
    category: 'remote-hands',
    icon: 'hand-finger',
    sort: 30,
    texts: T(
      ['Smart hands', 'Our technicians work on your equipment for you.', 'Our on-site technicians do the hands-on work so you need not travel: **equipment installs**, un-racking, cabling and patching, reboots and power cycles, visual inspections, photos, media swaps and more.\n\nBilled per started 30 minutes at the rate of your contract.'],
      ['Smart Hands', 'Unsere Techniker arbeiten für Sie an Ihren Geräten.', 'Unsere Techniker vor Ort erledigen die Handarbeit, damit Sie nicht anreisen müssen: **Geräteeinbau**, Ausbau, Verkabelung und Patchen, Neustarts und Power-Cycles, Sichtprüfungen, Fotos, Medientausch und mehr.\n\nAbrechnung je angefangene 30 Minuten zum Satz Ihres Vertrags.'],
      ['Smart hands', 'Våre teknikere jobber på utstyret ditt for deg.', 'Teknikerne våre på stedet gjør det praktiske arbeidet så du slipper å reise: **montering av utstyr**, demontering, kabling og patching, omstart og strømsyklus, visuell inspeksjon, bilder, bytte av medier og mer.\n\nFaktureres per påbegynte 30 minutter etter avtalens sats.'],
      ['Smart hands', 'Наши техники работают с вашим оборудованием за вас.', 'Наши техники на площадке выполнят ручную работу, чтобы вам не приезжать: **монтаж оборудования**, демонтаж, кабели и коммутация, перезагрузка и отключение питания, визуальный осмотр, фото, замена носителей и другое.\n\nОплата за каждые начатые 30 минут по ставке вашего договора.'],
    ),
    leadTimeHours: 4,
    price: null,
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: 8,
    tasks: [L('Do the work and report back', 'Arbeit ausführen und berichten', 'Utfør arbeidet og rapporter', 'Выполнить работу и отчитаться')],
    form: {
      fields: [
        {
          key: 'requestType',
          type: 'select',
          label: L('Type of work', 'Art der Arbeit', 'Type arbeid', 'Вид работ'),
          required: true,
          options: [
            opt('equipment_install', 'Equipment install', 'Geräteeinbau', 'Montering av utstyr', 'Монтаж оборудования'),
            opt('unrack', 'Unrack / uninstall', 'Ausbau', 'Demontering', 'Демонтаж'),
            opt('cable_patch', 'Cable request / patching', 'Verkabelung / Patchen', 'Kabling / patching', 'Кабели / коммутация'),
            opt('reboot', 'Reboot / power cycle', 'Neustart / Power-Cycle', 'Omstart / strømsyklus', 'Перезагрузка / отключение питания'),
            opt('visual_inspection', 'Visual inspection', 'Sichtprüfung', 'Visuell inspeksjon', 'Визуальный осмотр'),
            opt('photos', 'Photos of equipment', 'Fotos der Geräte', 'Bilder av utstyr', 'Фото оборудования'),
            opt('media_swap', 'Media swap (tapes, disks)', 'Medientausch (Bänder, Platten)', 'Bytte av medier (bånd, disker)', 'Замена носителей (ленты, диски)'),
            opt('shipment_unpack', 'Unpack a shipment', 'Sendung auspacken', 'Pakke ut en forsendelse', 'Распаковка отправления'),
            opt('locate_package', 'Locate a package', 'Paket suchen', 'Finne en pakke', 'Поиск посылки'),
            opt('other', 'Other', 'Sonstiges', 'Annet', 'Другое'),
          ],
        },
        locationField('location', false),
        { key: 'device', type: 'text', label: L('Device (name, rack unit, asset tag)', 'Gerät (Name, Höheneinheit, Inventarnummer)', 'Enhet (navn, høydeenhet, inventarnummer)', 'Устройство (имя, юнит, инвентарный номер)'), required: false, maxLength: 200 },
        notesField('instructions', true, L('Scope of work and instructions', 'Arbeitsumfang und Anweisungen', 'Arbeidsomfang og instrukser', 'Объём работ и инструкции')),
        {
          key: 'urgency',
          type: 'select',
          label: L('Urgency', 'Dringlichkeit', 'Hastegrad', 'Срочность'),
          required: true,
          display: 'radio',
          options: [
            opt('standard', 'Standard (within 4 hours)', 'Standard (innerhalb von 4 Stunden)', 'Standard (innen 4 timer)', 'Обычная (в течение 4 часов)'),
            opt('urgent', 'Urgent (within 1 hour)', 'Dringend (innerhalb von 1 Stunde)', 'Haster (innen 1 time)', 'Срочно (в течение 1 часа)'),
            opt('scheduled', 'At a set time', 'Zu einem festen Zeitpunkt', 'På et bestemt tidspunkt', 'В назначенное время'),
          ],
        },
        { key: 'start', type: 'datetime', label: L('Requested start', 'Gewünschter Beginn', 'Ønsket start', 'Желаемое начало'), required: true, futureOnly: true, showIf: { field: 'urgency', equals: 'scheduled' } },
        { key: 'photosRequired', type: 'checkbox', label: L('Send photos when done', 'Fotos nach Abschluss senden', 'Send bilder når det er gjort', 'Прислать фото по завершении'), required: false },
        { key: 'technicalContact', type: 'person', label: L('Technical contact', 'Technischer Kontakt', 'Teknisk kontakt', 'Технический контакт'), required: false, max: 1 },
        filesField('files', 5),
      ],
    },
  },
  {
    key: 'inbound-shipment',
    kind: 'shipment_inbound',
    category: 'logistics',
    icon: 'truck-delivery',
    sort: 40,
    texts: T(
      ['Inbound shipment', 'Tell us about a delivery so we accept and store it.', 'Announce a **delivery** at least 24 hours ahead so the loading dock accepts it and we store it safely, or bring it to your cage.\n\nUnannounced deliveries may be refused.'],
      ['Eingehende Sendung', 'Kündigen Sie eine Lieferung an, damit wir sie annehmen und lagern.', 'Kündigen Sie eine **Lieferung** mindestens 24 Stunden vorher an, damit die Warenannahme sie annimmt und wir sie sicher lagern oder in Ihren Cage bringen.\n\nNicht angekündigte Lieferungen können abgewiesen werden.'],
      ['Innkommende forsendelse', 'Meld fra om en leveranse så vi tar imot og lagrer den.', 'Meld fra om en **leveranse** minst 24 timer før, så varemottaket tar imot den og vi lagrer den trygt eller bringer den til buret.\n\nLeveranser som ikke er varslet, kan bli avvist.'],
      ['Входящее отправление', 'Сообщите о доставке, чтобы мы её приняли и сохранили.', 'Сообщите о **доставке** минимум за 24 часа, чтобы склад её принял, а мы сохранили или доставили в вашу клетку.\n\nНеобъявленные доставки могут не приниматься.'],
    ),
    leadTimeHours: 24,
    price: null,
    orderableBy: 'all',
    approvalRule: 'none',
    fulfilmentSlaHours: 24,
    tasks: [L('Receive and check the delivery', 'Lieferung annehmen und prüfen', 'Ta imot og kontroller leveransen', 'Принять и проверить доставку')],
    form: {
      fields: [
        { key: 'expectedDate', type: 'date', label: L('Expected delivery date', 'Erwartetes Lieferdatum', 'Forventet leveringsdato', 'Ожидаемая дата доставки'), required: true, futureOnly: true },
        locationField('location', false, true, L('Deliver for', 'Lieferung für', 'Levering til', 'Доставка для')),
        carrierField,
        { key: 'trackingNumbers', type: 'text', label: L('Tracking numbers', 'Sendungsnummern', 'Sporingsnumre', 'Номера отслеживания'), required: false, maxLength: 300 },
        boxesField,
        weightField,
        dimensionsField,
        { key: 'deliverToCage', type: 'checkbox', label: L('Bring it to our cage', 'In unseren Cage bringen', 'Bring den til buret vårt', 'Доставить в нашу клетку'), required: false },
        referenceField,
        poField,
        notesField('description', false, L('Contents', 'Inhalt', 'Innhold', 'Содержимое')),
      ],
    },
  },
  {
    key: 'outbound-shipment',
    kind: 'shipment_outbound',
    category: 'logistics',
    icon: 'truck',
    sort: 50,
    texts: T(
      ['Outbound shipment', 'We pack and hand your equipment to a carrier.', 'We collect the equipment from your cage, hand it to the carrier at the agreed **pickup time** and send you the tracking numbers.\n\nAnnounce it at least 24 hours ahead.'],
      ['Ausgehende Sendung', 'Wir übergeben Ihre Geräte an ein Transportunternehmen.', 'Wir holen die Geräte aus Ihrem Cage, übergeben sie zur vereinbarten **Abholzeit** dem Transportunternehmen und senden Ihnen die Sendungsnummern.\n\nMindestens 24 Stunden vorher anmelden.'],
      ['Utgående forsendelse', 'Vi overleverer utstyret ditt til en transportør.', 'Vi henter utstyret i buret, overleverer det til transportøren på avtalt **hentetid** og sender deg sporingsnumrene.\n\nMeld fra minst 24 timer før.'],
      ['Исходящее отправление', 'Мы передадим ваше оборудование перевозчику.', 'Мы заберём оборудование из вашей клетки, передадим перевозчику в согласованное **время забора** и пришлём номера отслеживания.\n\nСообщите минимум за 24 часа.'],
    ),
    leadTimeHours: 24,
    price: null,
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: 24,
    tasks: [
      L('Collect the equipment from the cage', 'Geräte aus dem Cage holen', 'Hent utstyret i buret', 'Забрать оборудование из клетки'),
      L('Hand over to the carrier', 'An das Transportunternehmen übergeben', 'Overlever til transportøren', 'Передать перевозчику'),
    ],
    form: {
      fields: [
        locationField('location', false, true, L('Collect from', 'Abholen aus', 'Hentes fra', 'Забрать из')),
        { key: 'pickup', type: 'datetime', label: L('Pickup time', 'Abholzeit', 'Hentetid', 'Время забора'), required: true, futureOnly: true },
        carrierField,
        { key: 'trackingNumbers', type: 'text', label: L('Tracking numbers', 'Sendungsnummern', 'Sporingsnumre', 'Номера отслеживания'), required: false, maxLength: 300 },
        boxesField,
        weightField,
        dimensionsField,
        { key: 'shipTo', type: 'textarea', label: L('Ship to (name and address)', 'Empfänger (Name und Anschrift)', 'Mottaker (navn og adresse)', 'Получатель (имя и адрес)'), required: true, maxLength: 1000 },
        { key: 'declaredValue', type: 'number', label: L('Declared value', 'Deklarierter Wert', 'Oppgitt verdi', 'Объявленная стоимость'), required: false, min: 0, max: 100_000_000, step: 1, unit: 'NOK' },
        { key: 'insurance', type: 'checkbox', label: L('Insure the shipment', 'Sendung versichern', 'Forsikre forsendelsen', 'Застраховать отправление'), required: false },
        referenceField,
        notesField('description', true, L('Contents', 'Inhalt', 'Innhold', 'Содержимое')),
      ],
    },
  },
  {
    key: 'cross-connect',
    kind: 'cross_connect',
    category: 'connectivity',
    icon: 'plug-connected',
    sort: 60,
    texts: T(
      ['Cross-connect', 'A physical cable from your rack to a carrier or another customer.', 'A **cross-connect** links your equipment (A side) with a network provider or another customer (Z side) in the meet-me room.\n\n- Attach the Z side’s letter of authorisation (LOA).\n- One-time installation fee plus monthly rent per your contract.'],
      ['Cross-Connect', 'Ein physisches Kabel von Ihrem Rack zu einem Carrier oder anderen Kunden.', 'Ein **Cross-Connect** verbindet Ihre Geräte (A-Seite) im Meet-Me-Room mit einem Netzbetreiber oder einem anderen Kunden (Z-Seite).\n\n- Hängen Sie die Vollmacht (LOA) der Z-Seite an.\n- Einmalige Einrichtungsgebühr plus monatliche Miete laut Vertrag.'],
      ['Krysskobling', 'En fysisk kabel fra racket ditt til en operatør eller en annen kunde.', 'En **krysskobling** kobler utstyret ditt (A-side) i meet-me-rommet til en nettoperatør eller en annen kunde (Z-side).\n\n- Legg ved fullmakten (LOA) fra Z-siden.\n- Engangsavgift for installasjon pluss månedsleie etter avtalen.'],
      ['Кросс-соединение', 'Физический кабель от вашей стойки к оператору или другому клиенту.', '**Кросс-соединение** связывает ваше оборудование (сторона A) в meet-me-room с оператором связи или другим клиентом (сторона Z).\n\n- Приложите письмо-авторизацию (LOA) стороны Z.\n- Разовая плата за установку плюс ежемесячная аренда по договору.'],
    ),
    leadTimeHours: 120,
    price: { amountCents: 250_000, currency: 'NOK' },
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: 120,
    tasks: [
      L('Check the LOA and assign ports', 'LOA prüfen und Ports zuweisen', 'Kontroller LOA og tildel porter', 'Проверить LOA и назначить порты'),
      L('Lay and test the cable', 'Kabel verlegen und testen', 'Legg og test kabelen', 'Проложить и проверить кабель'),
    ],
    form: {
      fields: [
        { key: 'quantity', type: 'number', label: L('Number of cross-connects', 'Anzahl Cross-Connects', 'Antall krysskoblinger', 'Количество соединений'), required: true, min: 1, max: 10, step: 1 },
        locationField('aSide', false, true, L('A side: your cage or rack', 'A-Seite: Ihr Cage oder Rack', 'A-side: ditt bur eller rack', 'Сторона A: ваша клетка или стойка')),
        { key: 'aPanel', type: 'text', label: L('A side: patch panel', 'A-Seite: Patchfeld', 'A-side: patchepanel', 'Сторона A: патч-панель'), required: true, maxLength: 60 },
        { key: 'aPort', type: 'text', label: L('A side: port', 'A-Seite: Port', 'A-side: port', 'Сторона A: порт'), required: true, maxLength: 30 },
        { key: 'zProvider', type: 'text', label: L('Z side: provider or customer', 'Z-Seite: Anbieter oder Kunde', 'Z-side: leverandør eller kunde', 'Сторона Z: оператор или клиент'), required: true, maxLength: 120 },
        { key: 'zPanel', type: 'text', label: L('Z side: patch panel', 'Z-Seite: Patchfeld', 'Z-side: patchepanel', 'Сторона Z: патч-панель'), required: false, maxLength: 60 },
        { key: 'zPort', type: 'text', label: L('Z side: port', 'Z-Seite: Port', 'Z-side: port', 'Сторона Z: порт'), required: false, maxLength: 30 },
        {
          key: 'media',
          type: 'select',
          label: L('Media', 'Medium', 'Medium', 'Среда'),
          required: true,
          options: [
            opt('smf', 'Single-mode fibre', 'Singlemode-Glasfaser', 'Singlemode fiber', 'Одномодовое волокно'),
            opt('mmf', 'Multi-mode fibre', 'Multimode-Glasfaser', 'Multimode fiber', 'Многомодовое волокно'),
            opt('cat6a', 'Copper (Cat 6A)', 'Kupfer (Cat 6A)', 'Kobber (Cat 6A)', 'Медь (Cat 6A)'),
          ],
        },
        {
          key: 'connector',
          type: 'select',
          label: L('Connector', 'Stecker', 'Kontakt', 'Разъём'),
          required: true,
          options: [opt('lc', 'LC', 'LC', 'LC', 'LC'), opt('sc', 'SC', 'SC', 'SC', 'SC'), opt('rj45', 'RJ45', 'RJ45', 'RJ45', 'RJ45')],
        },
        {
          key: 'speed',
          type: 'select',
          label: L('Speed', 'Geschwindigkeit', 'Hastighet', 'Скорость'),
          required: true,
          options: [opt('1g', '1 Gbit/s', '1 Gbit/s', '1 Gbit/s', '1 Гбит/с'), opt('10g', '10 Gbit/s', '10 Gbit/s', '10 Gbit/s', '10 Гбит/с'), opt('100g', '100 Gbit/s', '100 Gbit/s', '100 Gbit/s', '100 Гбит/с'), opt('400g', '400 Gbit/s', '400 Gbit/s', '400 Gbit/s', '400 Гбит/с')],
        },
        { key: 'loa', type: 'file', label: L('Letter of authorisation (LOA)', 'Vollmacht (LOA)', 'Fullmakt (LOA)', 'Письмо-авторизация (LOA)'), required: true, maxFiles: 1, accept: ['.pdf', 'application/pdf'] },
        { key: 'expedite', type: 'checkbox', label: L('Expedite (extra fee)', 'Beschleunigt (Aufpreis)', 'Hastelevering (tillegg)', 'Ускоренно (за доплату)'), required: false },
      ],
    },
  },
  {
    key: 'cables-consumables',
    kind: 'generic',
    category: 'equipment',
    icon: 'cable',
    sort: 70,
    texts: T(
      ['Cables and consumables', 'Patch cables, power cords, cage nuts, blanking panels and labels.', 'Order **cables and consumables** from our on-site stock, delivered to your cage. Installation is a separate smart-hands request.'],
      ['Kabel und Verbrauchsmaterial', 'Patchkabel, Stromkabel, Käfigmuttern, Blindplatten und Etiketten.', 'Bestellen Sie **Kabel und Verbrauchsmaterial** aus unserem Lager vor Ort, geliefert in Ihren Cage. Die Montage ist eine eigene Smart-Hands-Anfrage.'],
      ['Kabler og forbruksmateriell', 'Patchekabler, strømkabler, burmuttere, blindplater og etiketter.', 'Bestill **kabler og forbruksmateriell** fra lageret vårt, levert til buret ditt. Montering er en egen smart hands-bestilling.'],
      ['Кабели и расходные материалы', 'Патч-корды, кабели питания, закладные гайки, заглушки и этикетки.', 'Закажите **кабели и расходные материалы** с нашего склада с доставкой в вашу клетку. Монтаж — отдельный запрос smart hands.'],
    ),
    leadTimeHours: 24,
    price: null,
    orderableBy: 'all',
    approvalRule: 'none',
    fulfilmentSlaHours: 24,
    tasks: [L('Pick from stock and deliver to the cage', 'Aus dem Lager holen und in den Cage bringen', 'Plukk fra lager og lever til buret', 'Взять со склада и доставить в клетку')],
    form: {
      fields: [
        {
          key: 'articles',
          type: 'multiselect',
          label: L('Articles', 'Artikel', 'Artikler', 'Позиции'),
          required: true,
          minChoices: 1,
          options: [
            opt('patch_cat6a', 'Patch cable Cat 6A', 'Patchkabel Cat 6A', 'Patchekabel Cat 6A', 'Патч-корд Cat 6A'),
            opt('fibre_lc_lc', 'Fibre patch LC–LC', 'Glasfaser-Patch LC–LC', 'Fiberpatch LC–LC', 'Оптический патч-корд LC–LC'),
            opt('power_c13_c14', 'Power cord C13–C14', 'Stromkabel C13–C14', 'Strømkabel C13–C14', 'Кабель питания C13–C14'),
            opt('cage_nuts', 'Cage nuts and screws (50)', 'Käfigmuttern und Schrauben (50)', 'Burmuttere og skruer (50)', 'Закладные гайки и винты (50)'),
            opt('blanking', 'Blanking panels 1U', 'Blindplatten 1 HE', 'Blindplater 1U', 'Заглушки 1U'),
            opt('labels', 'Labels', 'Etiketten', 'Etiketter', 'Этикетки'),
          ],
        },
        { key: 'quantity', type: 'number', label: L('Quantity of each', 'Menge je Artikel', 'Antall av hver', 'Количество каждой позиции'), required: true, min: 1, max: 500, step: 1 },
        {
          key: 'length',
          type: 'select',
          label: L('Cable length', 'Kabellänge', 'Kabellengde', 'Длина кабеля'),
          required: false,
          options: [opt('1m', '1 m', '1 m', '1 m', '1 м'), opt('2m', '2 m', '2 m', '2 m', '2 м'), opt('3m', '3 m', '3 m', '3 m', '3 м'), opt('5m', '5 m', '5 m', '5 m', '5 м'), opt('10m', '10 m', '10 m', '10 m', '10 м')],
        },
        locationField('location', false, true, L('Deliver to', 'Liefern an', 'Lever til', 'Доставить в')),
        notesField('notes', false, L('Notes', 'Hinweise', 'Merknader', 'Примечания')),
      ],
    },
  },
  {
    key: 'cleaning',
    kind: 'generic',
    category: 'equipment',
    icon: 'spray',
    sort: 80,
    texts: T(
      ['Cage cleaning', 'Clean-up of your cage and removal of packaging.', 'We clean your **cage**, remove packaging and waste and leave the floor tiles and cable trays tidy. Equipment is not touched.'],
      ['Cage-Reinigung', 'Reinigung Ihres Cages und Entsorgung von Verpackung.', 'Wir reinigen Ihren **Cage**, entsorgen Verpackung und Abfall und hinterlassen Bodenplatten und Kabeltrassen ordentlich. Geräte werden nicht berührt.'],
      ['Rengjøring av bur', 'Rengjøring av buret og fjerning av emballasje.', 'Vi rengjør **buret**, fjerner emballasje og avfall og etterlater gulvplater og kabelbaner ryddige. Utstyret berøres ikke.'],
      ['Уборка клетки', 'Уборка клетки и вывоз упаковки.', 'Мы уберём вашу **клетку**, вывезем упаковку и мусор, приведём в порядок плиты пола и кабельные лотки. Оборудование не трогаем.'],
    ),
    leadTimeHours: 48,
    price: { amountCents: 150_000, currency: 'NOK' },
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: 72,
    tasks: [L('Clean the cage', 'Cage reinigen', 'Rengjør buret', 'Убрать клетку')],
    form: {
      fields: [
        locationField('location', true),
        {
          key: 'scope',
          type: 'multiselect',
          label: L('What to do', 'Was zu tun ist', 'Hva skal gjøres', 'Что сделать'),
          required: true,
          minChoices: 1,
          options: [
            opt('packaging', 'Remove packaging', 'Verpackung entsorgen', 'Fjerne emballasje', 'Вывезти упаковку'),
            opt('floor', 'Clean the floor', 'Boden reinigen', 'Rengjøre gulvet', 'Вымыть пол'),
            opt('dust', 'Dust racks (outside)', 'Racks außen abstauben', 'Tørke støv av rack (utvendig)', 'Протереть стойки снаружи'),
          ],
        },
        { key: 'preferredDate', type: 'date', label: L('Preferred date', 'Wunschtermin', 'Ønsket dato', 'Желаемая дата'), required: false, futureOnly: true },
        notesField('notes', false, L('Notes', 'Hinweise', 'Merknader', 'Примечания')),
      ],
    },
  },
  {
    key: 'imac',
    kind: 'generic',
    category: 'equipment',
    icon: 'tool',
    sort: 90,
    texts: T(
      ['IMAC: install, move, add, change', 'Planned changes to your equipment, done by our technicians.', 'Plan an **install, move, add or change** of equipment: our technicians do it in an agreed window and document what changed (rack units, cabling, labels).'],
      ['IMAC: Installieren, Umziehen, Erweitern, Ändern', 'Geplante Änderungen an Ihren Geräten durch unsere Techniker.', 'Planen Sie **Installation, Umzug, Erweiterung oder Änderung** von Geräten: Unsere Techniker erledigen sie im vereinbarten Zeitfenster und dokumentieren die Änderungen (Höheneinheiten, Verkabelung, Beschriftung).'],
      ['IMAC: installere, flytte, legge til, endre', 'Planlagte endringer på utstyret, utført av våre teknikere.', 'Planlegg **installasjon, flytting, tillegg eller endring** av utstyr: teknikerne gjør det i et avtalt vindu og dokumenterer endringene (høydeenheter, kabling, merking).'],
      ['IMAC: установка, перенос, добавление, изменение', 'Плановые изменения оборудования силами наших техников.', 'Запланируйте **установку, перенос, добавление или изменение** оборудования: наши техники выполнят работу в согласованное окно и задокументируют изменения (юниты, кабели, маркировка).'],
    ),
    leadTimeHours: 72,
    price: null,
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: 120,
    tasks: [
      L('Plan the change', 'Änderung planen', 'Planlegg endringen', 'Спланировать изменение'),
      L('Carry out and document the change', 'Änderung durchführen und dokumentieren', 'Utfør og dokumenter endringen', 'Выполнить и задокументировать изменение'),
    ],
    form: {
      fields: [
        {
          key: 'change',
          type: 'select',
          label: L('Kind of change', 'Art der Änderung', 'Type endring', 'Вид изменения'),
          required: true,
          display: 'radio',
          options: [
            opt('install', 'Install', 'Installieren', 'Installere', 'Установка'),
            opt('move', 'Move', 'Umziehen', 'Flytte', 'Перенос'),
            opt('add', 'Add', 'Erweitern', 'Legge til', 'Добавление'),
            opt('change', 'Change', 'Ändern', 'Endre', 'Изменение'),
          ],
        },
        locationField('location', false),
        locationField('moveTo', false, true, L('Move to', 'Umziehen nach', 'Flytt til', 'Перенести в')),
        notesField('devices', true, L('Devices and what to do with each', 'Geräte und was mit jedem geschehen soll', 'Enheter og hva som skal gjøres med hver', 'Устройства и что сделать с каждым')),
        { key: 'window', type: 'datetimerange', label: L('Work window', 'Arbeitsfenster', 'Arbeidsvindu', 'Окно работ'), required: true, futureOnly: true, minHours: 1, maxHours: 72 },
        filesField('files', 5),
      ],
    },
  },
  {
    key: 'decommission',
    kind: 'decommission',
    category: 'equipment',
    icon: 'trash',
    sort: 100,
    texts: T(
      ['Decommissioning', 'Give back a cage or rack, or remove equipment for good.', 'Tell us what is being **removed**. Before you submit, we list what depends on it — cross-connects, access grants, other services — so you decide knowingly.\n\nData-bearing media are wiped or destroyed with a certificate if you ask.'],
      ['Außerbetriebnahme', 'Cage oder Rack zurückgeben oder Geräte endgültig entfernen.', 'Sagen Sie uns, was **entfernt** wird. Vor dem Absenden zeigen wir, was davon abhängt — Cross-Connects, Zutrittsberechtigungen, andere Dienste —, damit Sie bewusst entscheiden.\n\nDatenträger werden auf Wunsch mit Zertifikat gelöscht oder vernichtet.'],
      ['Avvikling', 'Lever tilbake et bur eller rack, eller fjern utstyr for godt.', 'Fortell oss hva som skal **fjernes**. Før du sender inn, viser vi hva som avhenger av det — krysskoblinger, adgangstillatelser, andre tjenester — så du bestemmer deg med åpne øyne.\n\nLagringsmedier slettes eller destrueres med sertifikat om du ønsker.'],
      ['Вывод из эксплуатации', 'Вернуть клетку или стойку либо окончательно убрать оборудование.', 'Укажите, что **выводится**. Перед отправкой мы покажем, что от этого зависит — кросс-соединения, права доступа, другие услуги, — чтобы вы приняли решение осознанно.\n\nНосители данных по запросу стираются или уничтожаются с сертификатом.'],
    ),
    leadTimeHours: 240,
    price: null,
    orderableBy: 'customer_admin',
    approvalRule: 'both',
    fulfilmentSlaHours: 240,
    tasks: [
      L('Confirm scope and dependencies with the customer', 'Umfang und Abhängigkeiten mit dem Kunden klären', 'Avklar omfang og avhengigheter med kunden', 'Согласовать объём и зависимости с клиентом'),
      L('Remove equipment and cabling', 'Geräte und Verkabelung entfernen', 'Fjern utstyr og kabling', 'Демонтировать оборудование и кабели'),
      L('Close access and update records', 'Zutritt schließen und Bestand aktualisieren', 'Steng adgang og oppdater registre', 'Закрыть доступ и обновить учёт'),
    ],
    form: {
      fields: [
        {
          key: 'scope',
          type: 'select',
          label: L('What is removed', 'Was entfernt wird', 'Hva som fjernes', 'Что выводится'),
          required: true,
          display: 'radio',
          options: [
            opt('location', 'A whole cage or room', 'Ein ganzer Cage oder Raum', 'Et helt bur eller rom', 'Клетка или помещение целиком'),
            opt('rack', 'Racks', 'Racks', 'Rack', 'Стойки'),
            opt('devices', 'Single devices', 'Einzelne Geräte', 'Enkeltenheter', 'Отдельные устройства'),
          ],
        },
        locationField('locations', true, true, L('Locations or racks', 'Standorte oder Racks', 'Lokasjoner eller rack', 'Помещения или стойки')),
        { ...notesField('devices', true, L('Devices (name, rack unit, asset tag)', 'Geräte (Name, Höheneinheit, Inventarnummer)', 'Enheter (navn, høydeenhet, inventarnummer)', 'Устройства (имя, юнит, инвентарный номер)')), showIf: { field: 'scope', equals: 'devices' } },
        { key: 'removalDate', type: 'date', label: L('Removal date', 'Termin der Entfernung', 'Dato for fjerning', 'Дата вывода'), required: true, futureOnly: true },
        {
          key: 'disposal',
          type: 'select',
          label: L('What happens to the equipment', 'Was mit den Geräten geschieht', 'Hva skjer med utstyret', 'Что делать с оборудованием'),
          required: true,
          options: [
            opt('collect', 'We collect it', 'Wir holen es ab', 'Vi henter det', 'Мы заберём сами'),
            opt('ship', 'Ship it (separate outbound shipment)', 'Versenden (eigene ausgehende Sendung)', 'Send det (egen utgående forsendelse)', 'Отправить (отдельное исходящее отправление)'),
            opt('dispose', 'Dispose of it with a certificate', 'Mit Zertifikat entsorgen', 'Kasser det med sertifikat', 'Утилизировать с сертификатом'),
          ],
        },
        { key: 'wipeMedia', type: 'checkbox', label: L('Wipe or destroy data-bearing media', 'Datenträger löschen oder vernichten', 'Slett eller destruer lagringsmedier', 'Стереть или уничтожить носители данных'), required: false },
        notesField('notes', false, L('Notes', 'Hinweise', 'Merknader', 'Примечания')),
      ],
    },
  },
  {
    key: 'something-else',
    kind: 'generic',
    category: 'other',
    icon: 'help',
    sort: 200,
    texts: T(
      ['Something else', 'Need something that is not in the catalogue? Describe it.', 'Describe what you need. We come back with a proposal and, where it costs something, a **quote** before any work starts.'],
      ['Etwas anderes', 'Sie brauchen etwas, das nicht im Katalog steht? Beschreiben Sie es.', 'Beschreiben Sie, was Sie brauchen. Wir melden uns mit einem Vorschlag und, wo es etwas kostet, einem **Angebot**, bevor die Arbeit beginnt.'],
      ['Noe annet', 'Trenger du noe som ikke står i katalogen? Beskriv det.', 'Beskriv hva du trenger. Vi kommer tilbake med et forslag og, når det koster noe, et **tilbud** før arbeidet starter.'],
      ['Другое', 'Нужно то, чего нет в каталоге? Опишите.', 'Опишите, что вам нужно. Мы вернёмся с предложением и, если это платно, с **расчётом стоимости** до начала работ.'],
    ),
    leadTimeHours: null,
    price: null,
    orderableBy: 'all',
    approvalRule: 'customer_admin',
    fulfilmentSlaHours: null,
    tasks: [L('Assess the request and answer', 'Anfrage prüfen und beantworten', 'Vurder forespørselen og svar', 'Оценить запрос и ответить')],
    form: {
      fields: [
        { key: 'subject', type: 'text', label: L('Subject', 'Betreff', 'Emne', 'Тема'), required: true, minLength: 3, maxLength: 150 },
        notesField('description', true),
        locationField('location', true, false),
        { key: 'neededBy', type: 'date', label: L('Needed by', 'Benötigt bis', 'Trengs innen', 'Нужно к'), required: false, futureOnly: true },
        filesField('files', 5),
      ],
    },
  },
];

/** The move-to field of IMAC is only shown for moves. */
const imac = ITEMS.find((i) => i.key === 'imac')!;
imac.form.fields = imac.form.fields.map((f) => (f.key === 'moveTo' ? { ...f, showIf: { field: 'change', equals: 'move' } } : f));

/**
 * The demo catalogue (idempotent: categories and items whose key exists are left as they are).
 * Fulfilment tasks go to the demo service desk group when it exists. Returns the demo items' ids by key
 * (for the demo orders).
 */
export async function seedCatalogueDemo(db: Db): Promise<Map<string, string>> {
  const groups = [...(await supportGroupRefs(db)).values()];
  const groupId = (groups.find((g) => g.name === 'Nordlys Service Desk') ?? groups[0])?.id ?? null;
  const haveCats = new Map(
    (await db.select().from(catalogueCategories).where(inArray(catalogueCategories.key, CATEGORIES.map((c) => c.key)))).map((c) => [c.key, c.id]),
  );
  for (const c of CATEGORIES) {
    if (haveCats.has(c.key)) continue;
    const id = uuidv7();
    await db.insert(catalogueCategories).values({ id, ...c }).onConflictDoNothing();
    haveCats.set(c.key, id);
  }
  const haveItems = new Set((await db.select({ key: catalogueItems.key }).from(catalogueItems).where(inArray(catalogueItems.key, ITEMS.map((i) => i.key)))).map((r) => r.key));
  for (const { category, tasks, ...item } of ITEMS) {
    if (haveItems.has(item.key)) continue;
    // Parsed like an editor's input, so the demo can never hold a definition the editor would refuse.
    const data = ItemInput.parse({ ...item, orderPermission: item.orderPermission ?? null, categoryId: haveCats.get(category) ?? null, tasks: tasks.map((title) => ({ title, groupId })), active: true });
    await db
      .insert(catalogueItems)
      .values({
        id: uuidv7(),
        key: data.key,
        kind: data.kind,
        categoryId: data.categoryId,
        icon: data.icon,
        texts: data.texts,
        leadTimeHours: data.leadTimeHours,
        priceCents: data.price?.amountCents ?? null,
        currency: data.price?.currency ?? null,
        orderableBy: data.orderableBy,
        orderPermission: data.orderPermission,
        approvalRule: data.approvalRule,
        tasks: data.tasks,
        fulfilmentSlaHours: data.fulfilmentSlaHours,
        form: data.form,
        active: true,
        sort: data.sort,
      })
      .onConflictDoNothing();
  }
  const rows = await db.select({ key: catalogueItems.key, id: catalogueItems.id }).from(catalogueItems).where(inArray(catalogueItems.key, ITEMS.map((i) => i.key)));
  return new Map(rows.map((r) => [r.key, r.id]));
}
