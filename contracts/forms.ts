import { z } from 'zod';

/**
 * Order forms as data: a catalogue item carries a `FormDefinition`; the web renders it and the server
 * validates submitted values with the same `validateFormValues` (pure TypeScript, no Node APIs, no
 * generated code — the web's CSP forbids eval). Checks that need the database (persons are members of
 * the organisation, locations are entitled, files were staged by the caller) are the orders module's;
 * `fieldsOfType` and `fileAccepts` help it.
 */

export const FORM_LANGS = ['en', 'de', 'nb', 'ru'] as const;
export type FormLang = (typeof FORM_LANGS)[number];

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'datetime',
  'daterange',
  'datetimerange',
  'select',
  'multiselect',
  'checkbox',
  'person',
  'visitors',
  'location',
  'file',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A text in each language; English is required and is the fallback. */
export const LocalText = (max = 200) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    de: z.string().trim().max(max).optional(),
    nb: z.string().trim().max(max).optional(),
    ru: z.string().trim().max(max).optional(),
  });
export type LocalText = { en: string; de?: string; nb?: string; ru?: string };

/** The text in `lang`, else English. */
export function localText(text: LocalText | undefined | null, lang: string): string {
  if (!text) return '';
  const v = (text as Record<string, string | undefined>)[lang];
  return v && v.trim() ? v : text.en;
}

const Key = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'must start with a lower-case letter and use only letters, digits and _ (at most 40)');

const ShowIf = z.strictObject({ field: Key, equals: z.union([z.string().max(200), z.number(), z.boolean()]) });

const base = {
  key: Key,
  label: LocalText(200),
  help: LocalText(1000).optional(),
  required: z.boolean().default(false),
  showIf: ShowIf.optional(),
};
const count = z.number().int().min(0).max(500);

const TextField = z.strictObject({
  ...base,
  type: z.literal('text'),
  minLength: z.number().int().min(0).max(500).optional(),
  maxLength: z.number().int().min(1).max(500).optional(),
  placeholder: LocalText(200).optional(),
});
const TextareaField = z.strictObject({
  ...base,
  type: z.literal('textarea'),
  minLength: z.number().int().min(0).max(10_000).optional(),
  maxLength: z.number().int().min(1).max(10_000).optional(),
  placeholder: LocalText(200).optional(),
});
const NumberField = z.strictObject({
  ...base,
  type: z.literal('number'),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** Values must be a multiple of step (from min, else from 0); 1 = whole numbers. */
  step: z.number().finite().positive().optional(),
  unit: z.string().trim().min(1).max(20).optional(),
});
const DateField = z.strictObject({
  ...base,
  type: z.literal('date'),
  futureOnly: z.boolean().optional(),
});
const DatetimeField = z.strictObject({
  ...base,
  type: z.literal('datetime'),
  futureOnly: z.boolean().optional(),
});
const DaterangeField = z.strictObject({
  ...base,
  type: z.literal('daterange'),
  /** Length in days, both days counted (a range from Monday to Tuesday is 2 days). */
  minDays: z.number().int().min(1).max(3660).optional(),
  maxDays: z.number().int().min(1).max(3660).optional(),
  futureOnly: z.boolean().optional(),
});
const DatetimerangeField = z.strictObject({
  ...base,
  type: z.literal('datetimerange'),
  minHours: z.number().positive().max(87_840).optional(),
  maxHours: z.number().positive().max(87_840).optional(),
  futureOnly: z.boolean().optional(),
});
export const FormOption = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'must be lower-case letters, digits, _ or - (at most 60)'),
  label: LocalText(200),
});
export type FormOption = z.infer<typeof FormOption>;
const SelectField = z.strictObject({
  ...base,
  type: z.literal('select'),
  options: z.array(FormOption).min(1).max(100),
  /** radio: all options visible at once (a handful); dropdown otherwise. */
  display: z.enum(['dropdown', 'radio']).optional(),
});
const MultiselectField = z.strictObject({
  ...base,
  type: z.literal('multiselect'),
  options: z.array(FormOption).min(1).max(100),
  minChoices: count.optional(),
  maxChoices: count.optional(),
});
const CheckboxField = z.strictObject({ ...base, type: z.literal('checkbox') });
const PersonField = z.strictObject({
  ...base,
  type: z.literal('person'),
  min: count.optional(),
  max: count.optional(),
});
export const VISITOR_SUBFIELDS = ['name', 'company', 'email', 'phone'] as const;
export type VisitorSubfield = (typeof VISITOR_SUBFIELDS)[number];
const VisitorsField = z.strictObject({
  ...base,
  type: z.literal('visitors'),
  min: count.optional(),
  max: count.optional(),
  /** Sub-fields every visitor must have besides the name (always required). */
  requiredFields: z.array(z.enum(['company', 'email', 'phone'])).max(3).optional(),
});
const LocationField = z.strictObject({
  ...base,
  type: z.literal('location'),
  multiple: z.boolean().optional(),
  /** All chosen locations must belong to one site (checked by the server with the locations' refs). */
  singleSite: z.boolean().optional(),
});
const FileField = z.strictObject({
  ...base,
  type: z.literal('file'),
  maxFiles: z.number().int().min(1).max(20).optional(),
  /** MIME types (`application/pdf`, `image/*`) or extensions (`.pdf`); empty = anything. */
  accept: z
    .array(z.string().regex(/^(\.[a-z0-9]{1,10}|[a-z]+\/(\*|[a-z0-9.+-]+))$/i, 'must be a MIME type or an extension like .pdf'))
    .max(20)
    .optional(),
});

export const FormFieldSchema = z.discriminatedUnion('type', [
  TextField,
  TextareaField,
  NumberField,
  DateField,
  DatetimeField,
  DaterangeField,
  DatetimerangeField,
  SelectField,
  MultiselectField,
  CheckboxField,
  PersonField,
  VisitorsField,
  LocationField,
  FileField,
]);
export type FormField = z.infer<typeof FormFieldSchema>;
export type FieldOf<T extends FieldType> = Extract<FormField, { type: T }>;

/** A form definition; the refinement explains every inconsistency at the path of the field. */
export const FormDefinitionSchema = z
  .strictObject({ fields: z.array(FormFieldSchema).max(60) })
  .superRefine((def, ctx) => {
    const seen = new Map<string, FormField>();
    def.fields.forEach((f, i) => {
      const at = (...p: (string | number)[]) => ['fields', i, ...p];
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: at('key'), message: `the key "${f.key}" is used twice` });
      const pair = (lo: number | undefined, hi: number | undefined, name: string) => {
        if (lo !== undefined && hi !== undefined && lo > hi)
          ctx.addIssue({ code: 'custom', path: at(name), message: 'the minimum is greater than the maximum' });
      };
      switch (f.type) {
        case 'text':
        case 'textarea':
          pair(f.minLength, f.maxLength, 'minLength');
          break;
        case 'number':
          pair(f.min, f.max, 'min');
          break;
        case 'daterange':
          pair(f.minDays, f.maxDays, 'minDays');
          break;
        case 'datetimerange':
          pair(f.minHours, f.maxHours, 'minHours');
          break;
        case 'multiselect':
          pair(f.minChoices, f.maxChoices, 'minChoices');
          if (f.maxChoices !== undefined && f.maxChoices > f.options.length)
            ctx.addIssue({ code: 'custom', path: at('maxChoices'), message: 'is more than the number of options' });
          if (f.minChoices !== undefined && f.minChoices > f.options.length)
            ctx.addIssue({ code: 'custom', path: at('minChoices'), message: 'is more than the number of options' });
          break;
        case 'person':
        case 'visitors':
          pair(f.min, f.max, 'min');
          break;
      }
      if (f.type === 'select' || f.type === 'multiselect') {
        const values = new Set<string>();
        f.options.forEach((o, j) => {
          if (values.has(o.value)) ctx.addIssue({ code: 'custom', path: at('options', j, 'value'), message: `the option "${o.value}" is listed twice` });
          values.add(o.value);
        });
      }
      if (f.showIf) {
        const target = seen.get(f.showIf.field);
        if (!target) {
          ctx.addIssue({ code: 'custom', path: at('showIf', 'field'), message: `must name a field above this one ("${f.showIf.field}" is not)` });
        } else {
          const problem = showIfProblem(target, f.showIf.equals);
          if (problem) ctx.addIssue({ code: 'custom', path: at('showIf', 'equals'), message: problem });
        }
      }
      if (!seen.has(f.key)) seen.set(f.key, f);
    });
  });
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;
/** What an editor sends (defaults not yet applied). */
export type FormDefinitionInput = z.input<typeof FormDefinitionSchema>;

function showIfProblem(target: FormField, equals: string | number | boolean): string | null {
  switch (target.type) {
    case 'checkbox':
      return typeof equals === 'boolean' ? null : 'must be true or false for a checkbox';
    case 'select':
    case 'multiselect':
      return typeof equals === 'string' && target.options.some((o) => o.value === equals) ? null : `must be one of the options of "${target.key}"`;
    case 'number':
      return typeof equals === 'number' ? null : 'must be a number';
    case 'text':
    case 'textarea':
      return typeof equals === 'string' ? null : 'must be a text';
    default:
      return `a field of type ${target.type} cannot control another field`;
  }
}

/** The fields of one type (e.g. the orders module checks every `location` field's ids against entitlements). */
export function fieldsOfType<T extends FieldType>(def: FormDefinition, type: T): FieldOf<T>[] {
  return def.fields.filter((f): f is FieldOf<T> => f.type === type);
}

/** Whether a file (its name and content type) is allowed by a file field's `accept` list. */
export function fileAccepts(accept: readonly string[] | undefined, file: { name: string; contentType: string }): boolean {
  if (!accept || accept.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = file.contentType.toLowerCase();
  return accept.some((a) => {
    const x = a.toLowerCase();
    if (x.startsWith('.')) return name.endsWith(x);
    if (x.endsWith('/*')) return type.startsWith(x.slice(0, -1));
    return type === x;
  });
}

// ───────────────────────────── values ─────────────────────────────

export type Visitor = { name: string; company: string; email: string; phone: string };
export type DateRange = { start: string; end: string };
export type FormValue = string | number | boolean | string[] | Visitor[] | DateRange;
export type FormValues = Record<string, FormValue>;
export type FormError = { path: string; message: string };

/** Validation messages in the four languages (server answers and the web show the same words). */
const MESSAGES = {
  required: { en: 'is required', de: 'ist erforderlich', nb: 'må fylles ut', ru: 'обязательное поле' },
  unknown: { en: 'is not a field of this form', de: 'ist kein Feld dieses Formulars', nb: 'er ikke et felt i dette skjemaet', ru: 'не является полем этой формы' },
  text: { en: 'must be a text', de: 'muss ein Text sein', nb: 'må være tekst', ru: 'должно быть текстом' },
  tooShort: { en: 'must have at least {n} characters', de: 'muss mindestens {n} Zeichen haben', nb: 'må ha minst {n} tegn', ru: 'должно содержать не менее {n} символов' },
  tooLong: { en: 'must have at most {n} characters', de: 'darf höchstens {n} Zeichen haben', nb: 'kan ha høyst {n} tegn', ru: 'должно содержать не более {n} символов' },
  number: { en: 'must be a number', de: 'muss eine Zahl sein', nb: 'må være et tall', ru: 'должно быть числом' },
  min: { en: 'must be at least {n}', de: 'muss mindestens {n} sein', nb: 'må være minst {n}', ru: 'должно быть не меньше {n}' },
  max: { en: 'must be at most {n}', de: 'darf höchstens {n} sein', nb: 'kan være høyst {n}', ru: 'должно быть не больше {n}' },
  step: { en: 'must be in steps of {n}', de: 'muss in Schritten von {n} angegeben werden', nb: 'må oppgis i trinn på {n}', ru: 'должно быть кратно {n}' },
  date: { en: 'must be a date (YYYY-MM-DD)', de: 'muss ein Datum sein (JJJJ-MM-TT)', nb: 'må være en dato (ÅÅÅÅ-MM-DD)', ru: 'должно быть датой (ГГГГ-ММ-ДД)' },
  datetime: { en: 'must be a date and time', de: 'muss Datum und Uhrzeit sein', nb: 'må være dato og klokkeslett', ru: 'должно быть датой и временем' },
  past: { en: 'must be in the future', de: 'muss in der Zukunft liegen', nb: 'må være fram i tid', ru: 'должно быть в будущем' },
  range: { en: 'must have a start and an end', de: 'braucht Beginn und Ende', nb: 'må ha start og slutt', ru: 'нужны начало и конец' },
  order: { en: 'must not be before the start', de: 'darf nicht vor dem Beginn liegen', nb: 'kan ikke være før starten', ru: 'не может быть раньше начала' },
  minDays: { en: 'must span at least {n} days', de: 'muss mindestens {n} Tage umfassen', nb: 'må vare minst {n} dager', ru: 'должно длиться не менее {n} дн.' },
  maxDays: { en: 'must span at most {n} days', de: 'darf höchstens {n} Tage umfassen', nb: 'kan vare høyst {n} dager', ru: 'должно длиться не более {n} дн.' },
  minHours: { en: 'must last at least {n} hours', de: 'muss mindestens {n} Stunden dauern', nb: 'må vare minst {n} timer', ru: 'должно длиться не менее {n} ч' },
  maxHours: { en: 'must last at most {n} hours', de: 'darf höchstens {n} Stunden dauern', nb: 'kan vare høyst {n} timer', ru: 'должно длиться не более {n} ч' },
  option: { en: 'is not one of the choices', de: 'ist keine der Auswahlmöglichkeiten', nb: 'er ikke et av valgene', ru: 'нет среди вариантов' },
  list: { en: 'must be a list', de: 'muss eine Liste sein', nb: 'må være en liste', ru: 'должно быть списком' },
  duplicate: { en: 'is chosen twice', de: 'ist doppelt gewählt', nb: 'er valgt to ganger', ru: 'выбрано дважды' },
  minChoices: { en: 'choose at least {n}', de: 'mindestens {n} auswählen', nb: 'velg minst {n}', ru: 'выберите не менее {n}' },
  maxChoices: { en: 'choose at most {n}', de: 'höchstens {n} auswählen', nb: 'velg høyst {n}', ru: 'выберите не более {n}' },
  boolean: { en: 'must be yes or no', de: 'muss ja oder nein sein', nb: 'må være ja eller nei', ru: 'должно быть да или нет' },
  mustCheck: { en: 'must be confirmed', de: 'muss bestätigt werden', nb: 'må bekreftes', ru: 'требует подтверждения' },
  id: { en: 'is not a valid reference', de: 'ist kein gültiger Verweis', nb: 'er ikke en gyldig referanse', ru: 'недопустимая ссылка' },
  oneOnly: { en: 'only one may be chosen', de: 'nur eine Auswahl ist möglich', nb: 'bare ett valg er mulig', ru: 'можно выбрать только один' },
  minItems: { en: 'needs at least {n}', de: 'braucht mindestens {n}', nb: 'trenger minst {n}', ru: 'нужно не менее {n}' },
  maxItems: { en: 'allows at most {n}', de: 'erlaubt höchstens {n}', nb: 'tillater høyst {n}', ru: 'допускается не более {n}' },
  visitor: { en: 'must be a visitor (name, company, e-mail, phone)', de: 'muss ein Besucher sein (Name, Firma, E-Mail, Telefon)', nb: 'må være en besøkende (navn, firma, e-post, telefon)', ru: 'должно быть посетителем (имя, компания, e-mail, телефон)' },
  email: { en: 'must be an e-mail address', de: 'muss eine E-Mail-Adresse sein', nb: 'må være en e-postadresse', ru: 'должно быть адресом e-mail' },
  phone: { en: 'must be a phone number', de: 'muss eine Telefonnummer sein', nb: 'må være et telefonnummer', ru: 'должно быть номером телефона' },
  form: { en: 'must be an object of field values', de: 'muss ein Objekt mit Feldwerten sein', nb: 'må være et objekt med feltverdier', ru: 'должно быть объектом значений полей' },
} satisfies Record<string, Record<FormLang, string>>;
export type FormMessageKey = keyof typeof MESSAGES;

/** One validation message in a language (exported for the web's own checks, e.g. "is required"). */
export function formMessage(key: FormMessageKey, lang: string = 'en', n?: number | string): string {
  const m = MESSAGES[key] as Record<string, string>;
  const s = m[lang] ?? m.en!;
  return n === undefined ? s : s.replace('{n}', String(n));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ()./-]{5,30}$/;
const VISITOR_MAX = { name: 120, company: 120, email: 254, phone: 40 } as const;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Characters as a person counts them (an emoji is one). */
const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null;
function charCount(s: string): number {
  if (!segmenter) return Array.from(s).length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
const dayNumber = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
function parseDatetime(s: unknown): Date | null {
  if (typeof s !== 'string' || !DATETIME.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}
/** Today's date (YYYY-MM-DD) in UTC; date fields are calendar dates without a zone. */
const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Whether a field is shown, given the values of the fields above it (a hidden controller hides it too). */
function visible(field: FormField, shown: Map<string, boolean>, raw: Record<string, unknown>): boolean {
  if (!field.showIf) return true;
  const { field: ctl, equals } = field.showIf;
  if (!shown.get(ctl)) return false;
  const v = raw[ctl];
  if (Array.isArray(v)) return v.includes(equals);
  if (typeof equals === 'boolean') return (v === true) === equals;
  if (typeof equals === 'number') return typeof v === 'number' && v === equals;
  return typeof v === 'string' && v.trim() === equals;
}

/** Which fields are shown for the given (raw) values; the renderer and the validator agree on it. */
export function visibleFields(def: FormDefinition, values: Record<string, unknown>): Set<string> {
  const shown = new Map<string, boolean>();
  for (const f of def.fields) shown.set(f.key, visible(f, shown, values));
  return new Set([...shown].filter(([, v]) => v).map(([k]) => k));
}

export type ValidateOptions = { now: Date; lang?: string };

/**
 * Checks submitted values against a definition. Returns the normalised values (texts trimmed,
 * datetimes as ISO UTC, hidden and empty optional fields left out) and every error with its path
 * `values.<key>[.<i>[.<sub>]]`. Keys that are not fields of the form are errors; values of fields hidden
 * by `showIf` are dropped silently (the form may keep them while the user toggles).
 */
export function validateFormValues(def: FormDefinition, input: unknown, opts: ValidateOptions): { values: FormValues; errors: FormError[] } {
  const lang = opts.lang ?? 'en';
  const msg = (k: FormMessageKey, n?: number | string) => formMessage(k, lang, n);
  const errors: FormError[] = [];
  const values: FormValues = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { values, errors: [{ path: 'values', message: msg('form') }] };
  }
  const raw = input as Record<string, unknown>;
  const keys = new Set(def.fields.map((f) => f.key));
  for (const k of Object.keys(raw)) if (!keys.has(k)) errors.push({ path: `values.${k}`, message: msg('unknown') });

  const shownKeys = visibleFields(def, raw);
  const nowMs = opts.now.getTime();
  const today = todayOf(opts.now);

  for (const f of def.fields) {
    if (!shownKeys.has(f.key)) continue;
    const path = `values.${f.key}`;
    const err = (message: string, sub?: string | number) => errors.push({ path: sub === undefined ? path : `${path}.${sub}`, message });
    const v = raw[f.key];
    if (f.type === 'checkbox') {
      if (v === undefined || v === null) {
        if (f.required) err(msg('mustCheck'));
        else values[f.key] = false;
        continue;
      }
      if (typeof v !== 'boolean') err(msg('boolean'));
      else if (f.required && !v) err(msg('mustCheck'));
      else values[f.key] = v;
      continue;
    }
    if (isEmpty(v) || (f.type === 'daterange' || f.type === 'datetimerange' ? isEmptyRange(v) : false)) {
      const needsItems = (f.type === 'person' || f.type === 'visitors') && (f.min ?? 0) > 0;
      const needsChoices = f.type === 'multiselect' && (f.minChoices ?? 0) > 0;
      if (f.required || needsItems || needsChoices) err(msg('required'));
      continue;
    }
    switch (f.type) {
      case 'text':
      case 'textarea': {
        if (typeof v !== 'string') {
          err(msg('text'));
          break;
        }
        const s = f.type === 'text' ? v.trim().replace(/\s+/g, ' ') : v.replace(/\r\n?/g, '\n').trim();
        const max = f.maxLength ?? (f.type === 'text' ? 500 : 10_000);
        const n = charCount(s);
        if (f.minLength !== undefined && n < f.minLength) err(msg('tooShort', f.minLength));
        else if (n > max) err(msg('tooLong', max));
        else values[f.key] = s;
        break;
      }
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          err(msg('number'));
          break;
        }
        if (f.min !== undefined && v < f.min) err(msg('min', f.min));
        else if (f.max !== undefined && v > f.max) err(msg('max', f.max));
        else if (f.step !== undefined && !isMultiple(v - (f.min ?? 0), f.step)) err(msg('step', f.step));
        else values[f.key] = v;
        break;
      }
      case 'date': {
        if (typeof v !== 'string' || !isDate(v)) err(msg('date'));
        else if (f.futureOnly && v < today) err(msg('past'));
        else values[f.key] = v;
        break;
      }
      case 'datetime': {
        const d = parseDatetime(v);
        if (!d) err(msg('datetime'));
        else if (f.futureOnly && d.getTime() <= nowMs) err(msg('past'));
        else values[f.key] = d.toISOString();
        break;
      }
      case 'daterange': {
        const r = rangeOf(v);
        if (!r) {
          err(msg('range'));
          break;
        }
        let ok = true;
        if (!isDate(r.start)) (ok = false), err(msg('date'), 'start');
        if (!isDate(r.end)) (ok = false), err(msg('date'), 'end');
        if (!ok) break;
        if (f.futureOnly && r.start < today) {
          err(msg('past'), 'start');
          break;
        }
        if (r.end < r.start) {
          err(msg('order'), 'end');
          break;
        }
        const days = dayNumber(r.end) - dayNumber(r.start) + 1;
        if (f.minDays !== undefined && days < f.minDays) err(msg('minDays', f.minDays), 'end');
        else if (f.maxDays !== undefined && days > f.maxDays) err(msg('maxDays', f.maxDays), 'end');
        else values[f.key] = { start: r.start, end: r.end };
        break;
      }
      case 'datetimerange': {
        const r = rangeOf(v);
        if (!r) {
          err(msg('range'));
          break;
        }
        const s = parseDatetime(r.start);
        const e = parseDatetime(r.end);
        if (!s) err(msg('datetime'), 'start');
        if (!e) err(msg('datetime'), 'end');
        if (!s || !e) break;
        if (f.futureOnly && s.getTime() <= nowMs) {
          err(msg('past'), 'start');
          break;
        }
        if (e.getTime() <= s.getTime()) {
          err(msg('order'), 'end');
          break;
        }
        const hours = (e.getTime() - s.getTime()) / 3_600_000;
        if (f.minHours !== undefined && hours < f.minHours) err(msg('minHours', f.minHours), 'end');
        else if (f.maxHours !== undefined && hours > f.maxHours) err(msg('maxHours', f.maxHours), 'end');
        else values[f.key] = { start: s.toISOString(), end: e.toISOString() };
        break;
      }
      case 'select': {
        if (typeof v !== 'string' || !f.options.some((o) => o.value === v)) err(msg('option'));
        else values[f.key] = v;
        break;
      }
      case 'multiselect': {
        const list = stringList(v, err, msg, (s) => f.options.some((o) => o.value === s), 'option');
        if (!list) break;
        if (f.minChoices !== undefined && list.length < f.minChoices) err(msg('minChoices', f.minChoices));
        else if (f.maxChoices !== undefined && list.length > f.maxChoices) err(msg('maxChoices', f.maxChoices));
        else values[f.key] = list;
        break;
      }
      case 'person': {
        const list = stringList(v, err, msg, (s) => UUID.test(s), 'id');
        if (!list) break;
        if (f.min !== undefined && list.length < f.min) err(msg('minItems', f.min));
        else if (f.max !== undefined && list.length > f.max) err(msg('maxItems', f.max));
        else values[f.key] = list.map((s) => s.toLowerCase());
        break;
      }
      case 'location':
      case 'file': {
        const list = stringList(v, err, msg, (s) => UUID.test(s), 'id');
        if (!list) break;
        const max = f.type === 'file' ? (f.maxFiles ?? 1) : f.multiple ? Infinity : 1;
        if (list.length > max) err(max === 1 ? msg('oneOnly') : msg('maxItems', max));
        else values[f.key] = list.map((s) => s.toLowerCase());
        break;
      }
      case 'visitors': {
        if (!Array.isArray(v)) {
          err(msg('list'));
          break;
        }
        const out: Visitor[] = [];
        let ok = true;
        const need = new Set<VisitorSubfield>(['name', ...(f.requiredFields ?? [])]);
        v.forEach((item, i) => {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) {
            ok = false;
            err(msg('visitor'), i);
            return;
          }
          const o = item as Record<string, unknown>;
          for (const k of Object.keys(o))
            if (!(VISITOR_SUBFIELDS as readonly string[]).includes(k)) (ok = false), err(msg('unknown'), `${i}.${k}`);
          const vis: Visitor = { name: '', company: '', email: '', phone: '' };
          for (const sub of VISITOR_SUBFIELDS) {
            const x = o[sub];
            if (x === undefined || x === null || (typeof x === 'string' && x.trim() === '')) {
              if (need.has(sub)) (ok = false), err(msg('required'), `${i}.${sub}`);
              continue;
            }
            if (typeof x !== 'string') {
              ok = false;
              err(msg('text'), `${i}.${sub}`);
              continue;
            }
            const s = x.trim().replace(/\s+/g, ' ');
            if (charCount(s) > VISITOR_MAX[sub]) (ok = false), err(msg('tooLong', VISITOR_MAX[sub]), `${i}.${sub}`);
            else if (sub === 'email' && !EMAIL.test(s)) (ok = false), err(msg('email'), `${i}.${sub}`);
            else if (sub === 'phone' && !PHONE.test(s)) (ok = false), err(msg('phone'), `${i}.${sub}`);
            else vis[sub] = sub === 'email' ? s.toLowerCase() : s;
          }
          out.push(vis);
        });
        if (!ok) break;
        if (f.min !== undefined && out.length < f.min) err(msg('minItems', f.min));
        else if (f.max !== undefined && out.length > f.max) err(msg('maxItems', f.max));
        else values[f.key] = out;
        break;
      }
    }
  }
  return { values, errors };
}

function isMultiple(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}
function isEmptyRange(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return isEmpty(o.start) && isEmpty(o.end) && Object.keys(o).every((k) => k === 'start' || k === 'end');
}
function rangeOf(v: unknown): { start: string; end: string } | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'start' && k !== 'end')) return null;
  if (typeof o.start !== 'string' || typeof o.end !== 'string') return null;
  return { start: o.start, end: o.end };
}
function stringList(
  v: unknown,
  err: (m: string, sub?: string | number) => void,
  msg: (k: FormMessageKey) => string,
  ok: (s: string) => boolean,
  bad: FormMessageKey,
): string[] | null {
  if (!Array.isArray(v)) {
    err(msg('list'));
    return null;
  }
  let good = true;
  const seen = new Set<string>();
  v.forEach((s, i) => {
    if (typeof s !== 'string' || !ok(s)) (good = false), err(msg(bad), i);
    else if (seen.has(s.toLowerCase())) (good = false), err(msg('duplicate'), i);
    else seen.add(s.toLowerCase());
  });
  return good ? (v as string[]) : null;
}

// ───────────────────────────── JSON Schema ─────────────────────────────

type Json = Record<string, unknown>;

/**
 * The definition as JSON Schema 2020-12 with `x-ui` hints (widget, labels per language, help, order,
 * showIf, unit), for API clients; `validateFormValues` remains the authority (futureOnly and ranges
 * depend on the time of submission).
 */
export function formJsonSchema(def: FormDefinition): Json {
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  const conditional: Json[] = [];
  const ids = { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true };
  def.fields.forEach((f, order) => {
    const ui: Json = { widget: f.type, label: f.label, order };
    if (f.help) ui.help = f.help;
    if (f.showIf) ui.showIf = f.showIf;
    let s: Json;
    switch (f.type) {
      case 'text':
      case 'textarea':
        s = { type: 'string', maxLength: f.maxLength ?? (f.type === 'text' ? 500 : 10_000) };
        if (f.minLength !== undefined) s.minLength = f.minLength;
        if (f.placeholder) ui.placeholder = f.placeholder;
        break;
      case 'number':
        s = { type: 'number' };
        if (f.min !== undefined) s.minimum = f.min;
        if (f.max !== undefined) s.maximum = f.max;
        if (f.step !== undefined && f.min === undefined) s.multipleOf = f.step;
        if (f.step !== undefined) ui.step = f.step;
        if (f.unit) ui.unit = f.unit;
        break;
      case 'date':
        s = { type: 'string', format: 'date' };
        if (f.futureOnly) ui.futureOnly = true;
        break;
      case 'datetime':
        s = { type: 'string', format: 'date-time' };
        if (f.futureOnly) ui.futureOnly = true;
        break;
      case 'daterange':
      case 'datetimerange': {
        const fmt = f.type === 'daterange' ? 'date' : 'date-time';
        s = {
          type: 'object',
          properties: { start: { type: 'string', format: fmt }, end: { type: 'string', format: fmt } },
          required: ['start', 'end'],
          additionalProperties: false,
        };
        if (f.futureOnly) ui.futureOnly = true;
        if (f.type === 'daterange') Object.assign(ui, pick({ minDays: f.minDays, maxDays: f.maxDays }));
        else Object.assign(ui, pick({ minHours: f.minHours, maxHours: f.maxHours }));
        break;
      }
      case 'select':
        s = { type: 'string', enum: f.options.map((o) => o.value) };
        ui.options = f.options;
        if (f.display) ui.display = f.display;
        break;
      case 'multiselect':
        s = { type: 'array', items: { type: 'string', enum: f.options.map((o) => o.value) }, uniqueItems: true };
        if (f.minChoices !== undefined) s.minItems = f.minChoices;
        if (f.maxChoices !== undefined) s.maxItems = f.maxChoices;
        ui.options = f.options;
        break;
      case 'checkbox':
        s = f.required ? { type: 'boolean', const: true } : { type: 'boolean' };
        break;
      case 'person':
        s = { ...ids, ...pick({ minItems: f.min, maxItems: f.max }) };
        break;
      case 'visitors': {
        const need = ['name', ...(f.requiredFields ?? [])];
        s = {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', maxLength: VISITOR_MAX.name },
              company: { type: 'string', maxLength: VISITOR_MAX.company },
              email: { type: 'string', format: 'email', maxLength: VISITOR_MAX.email },
              phone: { type: 'string', maxLength: VISITOR_MAX.phone },
            },
            required: need,
            additionalProperties: false,
          },
          ...pick({ minItems: f.min, maxItems: f.max }),
        };
        break;
      }
      case 'location':
        s = { ...ids, ...(f.multiple ? {} : { maxItems: 1 }) };
        if (f.multiple) ui.multiple = true;
        if (f.singleSite) ui.singleSite = true;
        break;
      case 'file':
        s = { ...ids, maxItems: f.maxFiles ?? 1 };
        if (f.accept?.length) ui.accept = f.accept;
        break;
    }
    s.title = f.label.en;
    if (f.help) s.description = f.help.en;
    s['x-ui'] = ui;
    properties[f.key] = s;
    if (f.required) {
      if (f.showIf) {
        conditional.push({
          if: { properties: { [f.showIf.field]: showIfSchema(def, f.showIf) }, required: [f.showIf.field] },
          then: { required: [f.key] },
        });
      } else required.push(f.key);
    }
  });
  const out: Json = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
  if (conditional.length) out.allOf = conditional;
  return out;
}

function showIfSchema(def: FormDefinition, s: { field: string; equals: string | number | boolean }): Json {
  const target = def.fields.find((f) => f.key === s.field);
  return target?.type === 'multiselect' ? { contains: { const: s.equals } } : { const: s.equals };
}
function pick(o: Record<string, number | undefined>): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
