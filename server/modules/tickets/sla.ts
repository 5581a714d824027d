import { z } from 'zod';
import { TimeZone } from '../../../contracts/common.js';

/**
 * SLA arithmetic: business calendars, business minutes, and the state of one SLA target (first
 * response or resolution). Pure functions, no database, no clock: callers pass `now`.
 *
 * Time model. A business minute is a real elapsed minute inside working hours, so a working day
 * 00:00–24:00 on a spring-forward Sunday has 23 hours and on a fall-back Sunday 25. Working hours
 * are local wall-clock times of the calendar's zone; a local time that does not exist (the hour
 * skipped in spring) stands for the moment the clocks jump, a local time that exists twice (the
 * hour repeated in autumn) for its first occurrence. Ranges end by local midnight (`24:00`): a
 * night shift across midnight is written as two ranges on two weekdays. Durations are counted in
 * milliseconds and reported in (possibly fractional) minutes.
 */

/** Day of the week as JavaScript numbers it: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One working range of a day, local wall-clock `HH:MM`; `end` may be `24:00`, `start < end`. */
export type WorkingHours = { start: string; end: string };

/** When the SLA clock runs: working ranges per weekday and holidays, in one time zone. */
export type BusinessCalendar = {
  /** IANA time zone name, e.g. `Europe/Oslo`. */
  timeZone: string;
  /** Working ranges per weekday (0 = Sunday); a missing or empty weekday has no working time. */
  hours: Partial<Record<Weekday, WorkingHours[]>>;
  /** Local dates `YYYY-MM-DD` without working time. */
  holidays: string[];
};

const FULL_DAY: WorkingHours[] = [{ start: '00:00', end: '24:00' }];

/** A calendar that counts every minute (24/7, no holidays). */
export const TWENTY_FOUR_SEVEN: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  hours: Object.freeze({ 0: FULL_DAY, 1: FULL_DAY, 2: FULL_DAY, 3: FULL_DAY, 4: FULL_DAY, 5: FULL_DAY, 6: FULL_DAY }),
  holidays: [],
});

const CLOCK_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ClockTime = z.string().regex(CLOCK_TIME, 'must be a time HH:MM from 00:00 to 24:00');

const WorkingHoursSchema = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((r) => !CLOCK_TIME.test(r.start) || !CLOCK_TIME.test(r.end) || r.start < r.end, { message: 'must be later than start', path: ['end'] });

const DayHours = z.array(WorkingHoursSchema).superRefine((ranges, ctx) => {
  const order = ranges.map((_, i) => i).sort((a, b) => (ranges[a]!.start < ranges[b]!.start ? -1 : 1));
  for (let k = 1; k < order.length; k++) {
    const prev = ranges[order[k - 1]!]!;
    const i = order[k]!;
    if (ranges[i]!.start < prev.end) ctx.addIssue({ code: 'custom', message: `overlaps ${prev.start}–${prev.end}`, path: [i, 'start'] });
  }
});

/**
 * Validates a business calendar: a zone this runtime knows, `HH:MM` ranges with start < end that
 * do not overlap within a day (touching is fine), weekday keys 0–6, ISO holiday dates, and at
 * least one working range. Issues name the path, e.g. `hours.1.0.end`.
 */
export const BusinessCalendarSchema: z.ZodType<BusinessCalendar> = z.strictObject({
  timeZone: TimeZone,
  hours: z
    .partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), DayHours)
    .refine((h) => Object.values(h).some((r) => r.length > 0), 'must have at least one working range'),
  holidays: z.array(z.iso.date()),
});

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days in a row without working time after which a calendar is taken to have none. */
const MAX_IDLE_DAYS = 3 * 366;

type Compiled = {
  tz: string;
  days: (readonly [number, number])[][];
  holidays: ReadonlySet<string>;
  always: boolean;
  /** Per week (days 7w … 7w+6 since 1970-01-01): working ms, and days without working time at its start and end. */
  weeks: Map<number, WeekInfo>;
};
type WeekInfo = { total: number; lead: number; trail: number };

function toMinutes(hhmm: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(v >= 0 && v <= 1440) || Number(m?.[2]) > 59) throw new RangeError(`Invalid working time "${hhmm}"`);
  return v;
}

// A calendar is compiled once and kept (with its per-week totals): the same few policies' calendars
// come back row after row. By identity first (the policy cache hands out the same objects), else by
// content (a fresh copy after the cache refreshed).
const compiledByObject = new WeakMap<BusinessCalendar, Compiled>();
const compiledByJson = new Map<string, Compiled>();
function compile(cal: BusinessCalendar): Compiled {
  let c = compiledByObject.get(cal);
  if (c) return c;
  const key = JSON.stringify([cal.timeZone, cal.hours, cal.holidays]);
  c = compiledByJson.get(key);
  if (!c) {
    c = compileFresh(cal);
    if (compiledByJson.size >= 200) compiledByJson.clear();
    compiledByJson.set(key, c);
  }
  compiledByObject.set(cal, c);
  return c;
}

function compileFresh(cal: BusinessCalendar): Compiled {
  const days = ([0, 1, 2, 3, 4, 5, 6] as const).map((wd) => {
    const ranges = (cal.hours[wd] ?? []).map((r) => [toMinutes(r.start), toMinutes(r.end)] as const).filter(([s, e]) => e > s);
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: (readonly [number, number])[] = [];
    for (const r of ranges) {
      const last = merged.at(-1);
      if (last && r[0] <= last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], r[1])];
      else merged.push(r);
    }
    return merged;
  });
  const always = cal.holidays.length === 0 && days.every((d) => d.length === 1 && d[0]![0] === 0 && d[0]![1] === 1440);
  formatter(cal.timeZone); // throws a RangeError on an unknown zone
  return { tz: cal.timeZone, days, holidays: new Set(cal.holidays), always, weeks: new Map() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** Milliseconds to add to UTC to get the zone's wall clock at instant `ms`. */
function offsetAt(tz: string, ms: number): number {
  // Intl formatting is the slow part of a ticket list (two SLA targets per row): UTC needs none, and
  // the same instants (day boundaries) recur from row to row and request to request.
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const key = `${tz}|${ms}`;
  const known = offsetMemo.get(key);
  if (known !== undefined) return known;
  if (offsetMemo.size >= 50_000) offsetMemo.clear();
  const offset = computeOffsetAt(tz, ms);
  offsetMemo.set(key, offset);
  return offset;
}
const offsetMemo = new Map<string, number>();

function computeOffsetAt(tz: string, ms: number): number {
  const v: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatter(tz).formatToParts(ms)) if (p.type !== 'literal') v[p.type] = Number(p.value);
  const local = Date.UTC(v.year ?? 0, (v.month ?? 1) - 1, v.day ?? 1, v.hour ?? 0, v.minute ?? 0, v.second ?? 0);
  return local - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of a wall-clock time (given as ms "local as if UTC"); see the module comment for gaps and repeats. */
function localToInstant(tz: string, local: number): number {
  const before = offsetAt(tz, local - DAY);
  const after = offsetAt(tz, local + DAY);
  if (before === after) return local - before;
  const c1 = local - before;
  const c2 = local - after;
  const ok1 = offsetAt(tz, c1) === before;
  const ok2 = offsetAt(tz, c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  // In the gap: the moment the clocks jump, found by bisection (rare: once a year per zone).
  let lo = Math.min(c1, c2);
  let hi = Math.max(c1, c2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(tz, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Working intervals [start, end) as instants of local day number `k` (days since 1970-01-01). */
function dayIntervals(c: Compiled, k: number): [number, number][] {
  const ranges = c.days[(((k + 4) % 7) + 7) % 7]!;
  if (ranges.length === 0) return [];
  if (c.holidays.size > 0 && c.holidays.has(new Date(k * DAY).toISOString().slice(0, 10))) return [];
  const midnight = k * DAY;
  const oA = offsetAt(c.tz, midnight - DAY);
  const steady = oA === offsetAt(c.tz, midnight + 2 * DAY); // no transition near this day
  const at = (min: number) => (steady ? midnight + min * MINUTE - oA : localToInstant(c.tz, midnight + min * MINUTE));
  const out: [number, number][] = [];
  for (const [s, e] of ranges) {
    const a = at(s);
    const b = at(e);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Working intervals clipped to start at `from`, in time order; days up to the one holding `until`. */
function* workingIntervals(c: Compiled, from: number, until = Infinity): Generator<[number, number]> {
  const day = (ms: number) => Math.floor((ms + offsetAt(c.tz, ms)) / DAY);
  const last = until === Infinity ? Infinity : day(until) + 1;
  let idle = 0;
  for (let k = day(from) - 1; k <= last; k++) {
    const intervals = dayIntervals(c, k);
    if (intervals.length === 0 && ++idle > MAX_IDLE_DAYS && until === Infinity) throw new RangeError('The calendar has no working time');
    if (intervals.length > 0) idle = 0;
    for (const [a, b] of intervals) if (b > from) yield [Math.max(a, from), b];
  }
}

/** The plain walk, day by day: the reference the week-skipping {@link addMs} must always agree with. */
function addMsWalk(c: Compiled, from: number, ms: number): number {
  if (c.always) return from + ms;
  let left = ms;
  for (const [a, b] of workingIntervals(c, from)) {
    if (left <= b - a) return a + left;
    left -= b - a;
  }
  throw new RangeError('The calendar has no working time');
}

/** The plain walk, day by day: the reference the week-skipping {@link betweenMs} must always agree with. */
function betweenMsWalk(c: Compiled, from: number, to: number): number {
  if (to <= from) return 0;
  if (c.always) return to - from;
  let sum = 0;
  for (const [a, b] of workingIntervals(c, from, to)) {
    if (a >= to) break;
    sum += Math.min(b, to) - a;
  }
  return sum;
}

/*
 * Week skipping. Walking every day since a ticket was opened, for every row of every list, was the
 * slow part of reading tickets. Days lie wholly inside a span two days away from its ends (a zone's
 * offset is less than a day), so there only their total counts; days are grouped into weeks
 * (days 7w … 7w+6 since 1970-01-01) whose totals — DST days and holidays included, as dayIntervals
 * computes them — are computed once per calendar and kept. The ends are walked exactly as before.
 * Durations are whole milliseconds, so the sums are exact in any order.
 */
const WEEK_MEMO_LIMIT = 20_000;
const floorDiv7 = (k: number) => Math.floor(k / 7);

function weekInfo(c: Compiled, w: number): WeekInfo {
  let info = c.weeks.get(w);
  if (!info) {
    const totals: number[] = [];
    for (let k = 7 * w; k < 7 * w + 7; k++) totals.push(dayIntervals(c, k).reduce((sum, [a, b]) => sum + (b - a), 0));
    let lead = 0;
    while (lead < 7 && totals[lead] === 0) lead++;
    let trail = 0;
    while (trail < 7 && totals[6 - trail] === 0) trail++;
    info = { total: totals.reduce((x, y) => x + y, 0), lead, trail };
    if (c.weeks.size >= WEEK_MEMO_LIMIT) c.weeks.clear();
    c.weeks.set(w, info);
  }
  return info;
}

const localDay = (c: Compiled, ms: number) => Math.floor((ms + offsetAt(c.tz, ms)) / DAY);
const dayTotal = (c: Compiled, k: number) => dayIntervals(c, k).reduce((sum, [a, b]) => sum + (b - a), 0);

/** Working ms of the whole days first … last (inclusive), by weeks where a whole week fits. */
function wholeDaysMs(c: Compiled, first: number, last: number): number {
  let sum = 0;
  let k = first;
  while (k <= last && ((k % 7) + 7) % 7 !== 0) sum += dayTotal(c, k++);
  while (k + 6 <= last) {
    sum += weekInfo(c, floorDiv7(k)).total;
    k += 7;
  }
  while (k <= last) sum += dayTotal(c, k++);
  return sum;
}

function betweenMs(c: Compiled, from: number, to: number): number {
  if (to <= from) return 0;
  if (c.always) return to - from;
  const kf = localDay(c, from);
  const kt = localDay(c, to);
  if (kt - kf < 21) return betweenMsWalk(c, from, to);
  // The walk's head (days kf-1 … kf+1, clipped at `from`), the whole days between, and its tail
  // (days kt-1 … kt+1, clipped at `to`) — the same intervals the walk adds up, in the same order.
  let sum = 0;
  for (let k = kf - 1; k <= kf + 1; k++) for (const [a, b] of dayIntervals(c, k)) if (b > from) sum += b - Math.max(a, from);
  sum += wholeDaysMs(c, kf + 2, kt - 2);
  for (let k = kt - 1; k <= kt + 1; k++) {
    for (const [a, b] of dayIntervals(c, k)) {
      if (a >= to) return sum;
      sum += Math.min(b, to) - a;
    }
  }
  return sum;
}

function addMs(c: Compiled, from: number, ms: number): number {
  if (c.always) return from + ms;
  let left = ms;
  let idle = 0;
  // One day as the walk sees it: its intervals clipped at `from`; counts days without working time
  // in a row as the walk does, and gives up as it does.
  const day = (k: number): number | null => {
    const intervals = dayIntervals(c, k);
    if (intervals.length === 0 && ++idle > MAX_IDLE_DAYS) throw new RangeError('The calendar has no working time');
    if (intervals.length > 0) idle = 0;
    for (const [x, b] of intervals) {
      if (b <= from) continue;
      const a = Math.max(x, from);
      if (left <= b - a) return a + left;
      left -= b - a;
    }
    return null;
  };
  const kf = localDay(c, from);
  let k = kf - 1;
  for (; k <= kf + 1 || (((k % 7) + 7) % 7 !== 0 && k < kf + 9); k++) {
    const at = day(k);
    if (at !== null) return at;
  }
  // Whole weeks, all after `from`: a week whose total is below what is left is used up entirely.
  for (;;) {
    const w = weekInfo(c, floorDiv7(k));
    if (w.total === 0) {
      idle += 7;
      if (idle > MAX_IDLE_DAYS) throw new RangeError('The calendar has no working time');
    } else if (left > w.total) {
      if (idle + w.lead > MAX_IDLE_DAYS) throw new RangeError('The calendar has no working time');
      left -= w.total;
      idle = w.trail;
    } else {
      for (const end = k + 7; k < end; k++) {
        const at = day(k);
        if (at !== null) return at;
      }
      throw new Error('unreachable: a week with enough working time ended without the instant');
    }
    k += 7;
  }
}

function toMs(minutes: number, what: string): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`${what} must be a finite number ≥ 0`);
  return Math.round(minutes * MINUTE);
}

/**
 * The instant at which `minutes` business minutes have passed after `from` — the earliest such
 * instant, so a result that ends a working range is that range's end, not the next opening. With
 * `minutes = 0` it is the instant the clock starts: `from` inside working hours, else the next
 * opening. Steps by working intervals, not by minutes. Throws a RangeError for negative or
 * non-finite minutes, an unknown zone, or a calendar without working time.
 */
export function addBusinessMinutes(cal: BusinessCalendar, from: Date, minutes: number): Date {
  return new Date(addMs(compile(cal), from.getTime(), toMs(minutes, 'minutes')));
}

/** Business minutes (possibly fractional) between two instants; 0 if `to <= from`. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  return betweenMs(compile(cal), from.getTime(), to.getTime()) / MINUTE;
}

/**
 * The same as {@link addBusinessMinutes} and {@link businessMinutesBetween}, by the plain day-by-day
 * walk: the reference the tests hold the fast paths against. Not for production use.
 */
export const slaReference = {
  addBusinessMinutes: (cal: BusinessCalendar, from: Date, minutes: number): Date => new Date(addMsWalk(compileFresh(cal), from.getTime(), toMs(minutes, 'minutes'))),
  businessMinutesBetween: (cal: BusinessCalendar, from: Date, to: Date): number => betweenMsWalk(compileFresh(cal), from.getTime(), to.getTime()) / MINUTE,
};

/** A span during which the ticket waited for the customer; `to: null` while it still waits. */
export type Pause = { from: Date; to: Date | null };

/** What a target looks like: running, paused, warning, breached, or — once stopped — met or missed. */
export type SlaState = 'running' | 'paused' | 'warning' | 'breached' | 'met' | 'missed';

/** Share of a target used from which a running target is in `warning`. */
export const SLA_WARNING_FRACTION = 0.75;

/** Input of {@link slaTarget}. */
export type SlaTargetInput = {
  calendar: BusinessCalendar;
  /** When the clock started (ticket created); outside working hours the clock starts at the next opening. */
  startedAt: Date;
  /** Business minutes allowed, ≥ 0. */
  targetMinutes: number;
  /** Waits for the customer, in any order; overlaps are merged, parts outside the ticket's life ignored. */
  pauses?: readonly Pause[];
  /** The measuring instant (ignored for the count once `stoppedAt` is set). */
  now: Date;
  /** When the target was fulfilled (first response given, ticket resolved); fixes the state to met/missed. */
  stoppedAt?: Date | null;
};

/** The status of one SLA target at `now` (or at `stoppedAt`). */
export type SlaTargetStatus = {
  /** When the target falls due; null while paused before it fell due (the due time is unknown). */
  dueAt: Date | null;
  /** Business minutes used, paused time excluded. */
  usedMinutes: number;
  /** Target minus used; negative once overdue. */
  remainingMinutes: number;
  /** used / target (0 … ∞); for a target of 0: 1 once due, else 0. */
  fraction: number;
  /** See {@link slaTarget} for the order in which states are decided. */
  state: SlaState;
};

/**
 * Evaluates one SLA target. Time spent paused does not count, so every pause before the due
 * time moves `dueAt` later by the pause's business minutes. State, first match: stopped → `met`
 * (used ≤ target) or `missed`; due time reached → `breached` (even if paused since); paused →
 * `paused`; fraction ≥ 0.75 → `warning`; else `running`. A target stopped while paused and not yet
 * due has `dueAt: null`.
 */
export function slaTarget(input: SlaTargetInput): SlaTargetStatus {
  const c = compile(input.calendar);
  const target = toMs(input.targetMinutes, 'targetMinutes');
  const start = input.startedAt.getTime();
  const end = Math.max(start, (input.stoppedAt ?? input.now).getTime());

  let open = false;
  const spans: [number, number][] = [];
  for (const p of input.pauses ?? []) {
    const from = Math.max(start, p.from.getTime());
    if (from > end) continue;
    const resumed = p.to === null ? Infinity : p.to.getTime();
    const ongoing = resumed > end; // not yet resumed at the measuring instant
    const to = Math.min(resumed, end);
    if (ongoing) open = true;
    if (to > from || ongoing) spans.push([from, to]);
  }
  spans.sort((a, b) => a[0] - b[0]);

  let used = 0;
  let cursor = start;
  let due: number | null = null;
  for (const [from, to] of spans) {
    if (from > cursor) {
      const seg = betweenMs(c, cursor, from);
      if (due === null && used + seg >= target) {
        const at = addMs(c, cursor, target - used);
        if (at <= from) due = at;
      }
      used += seg;
    }
    cursor = Math.max(cursor, to);
  }
  if (!open) {
    due ??= addMs(c, cursor, Math.max(0, target - used));
    used += betweenMs(c, cursor, end);
  }

  const reached = due !== null && end >= due;
  const fraction = target > 0 ? used / target : reached ? 1 : 0;
  let state: SlaState;
  if (input.stoppedAt) state = used <= target ? 'met' : 'missed';
  else if (reached) state = 'breached';
  else if (open) state = 'paused';
  else state = fraction >= SLA_WARNING_FRACTION ? 'warning' : 'running';

  return { dueAt: due === null ? null : new Date(due), usedMinutes: used / MINUTE, remainingMinutes: (target - used) / MINUTE, fraction, state };
}
