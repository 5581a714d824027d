import { z } from 'zod';

/**
 * Ticket urgency and impact, the priority matrix, the classification helper and the dynamic
 * priority score of agents' queues. Shared by server and browser: no Node imports here.
 *
 * Vocabulary (DOMAIN.md, seed 001): customers speak of urgency in their own words — blocker,
 * critical, major, minor — and of impact as how much of their organisation is affected. Priority
 * P1–P4 is the provider's word, derived from both through an editable matrix (ITIL).
 */

/** How soon the customer needs it fixed, in the customer's words, most urgent first. */
export const URGENCIES = ['blocker', 'critical', 'major', 'minor'] as const;
/** Zod schema of an urgency. */
export const Urgency = z.enum(URGENCIES);
/** An urgency level: `blocker` (stop everything), `critical`, `major`, `minor`. */
export type Urgency = z.infer<typeof Urgency>;

/**
 * How much of the customer is affected, largest first, in words a customer can pick without
 * training:
 * - `organisation`: the whole organisation, or a service everyone depends on (all racks, the
 *   network uplink);
 * - `many`: many people, or a service a whole team or site depends on;
 * - `few`: a few people, or one system with a workaround or a redundant twin;
 * - `one`: a single person or a single non-critical device.
 */
export const IMPACTS = ['organisation', 'many', 'few', 'one'] as const;
/** Zod schema of an impact level. */
export const Impact = z.enum(IMPACTS);
/** An impact level, see {@link IMPACTS}. */
export type Impact = z.infer<typeof Impact>;

/** Priorities, highest first. P1 is the most pressing. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** Zod schema of a priority. */
export const Priority = z.enum(PRIORITIES);
/** A priority P1 (highest) … P4 (lowest). */
export type Priority = z.infer<typeof Priority>;

/** Urgency × impact → priority. Provider admins may edit it; every cell must be filled. */
export type PriorityMatrix = Record<Urgency, Record<Impact, Priority>>;

/**
 * Validates a full priority matrix: every urgency row, every impact column, nothing else. Error
 * paths name the cell, e.g. `['major', 'one']`.
 */
export const PriorityMatrix: z.ZodType<PriorityMatrix> = z.record(Urgency, z.record(Impact, Priority));

/**
 * The default matrix, after ITIL's urgency × impact table: with both ranked 0 (most) … 3 (least),
 * the sum of the ranks decides — 0–1 → P1, 2–3 → P2, 4 → P3, 5–6 → P4. Symmetric, like ITIL's:
 * a blocker for one person weighs as much as a minor issue for the whole organisation.
 *
 * |          | organisation | many | few | one |
 * |----------|--------------|------|-----|-----|
 * | blocker  | P1           | P1   | P2  | P2  |
 * | critical | P1           | P2   | P2  | P3  |
 * | major    | P2           | P2   | P3  | P4  |
 * | minor    | P2           | P3   | P4  | P4  |
 */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  blocker: { organisation: 'P1', many: 'P1', few: 'P2', one: 'P2' },
  critical: { organisation: 'P1', many: 'P2', few: 'P2', one: 'P3' },
  major: { organisation: 'P2', many: 'P2', few: 'P3', one: 'P4' },
  minor: { organisation: 'P2', many: 'P3', few: 'P4', one: 'P4' },
};

/** The priority of a ticket with this urgency and impact, looked up in `matrix` (default: ITIL-like). */
export function priorityFor(urgency: Urgency, impact: Impact, matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX): Priority {
  return matrix[urgency][impact];
}

/** Answers to "by when must it be fixed?", soonest first. */
export const NEEDED_BY = ['now', 'today', 'this_week', 'later'] as const;
/** Zod schema of the "by when" answer. */
export const NeededBy = z.enum(NEEDED_BY);
/** By when the customer needs the fix: `now`, `today`, `this_week`, `later`. */
export type NeededBy = z.infer<typeof NeededBy>;

/** Zod schema of the classification helper's answers. */
export const ClassificationAnswers = z.strictObject({
  /** "Must it be fixed immediately?" */
  fixNow: z.boolean(),
  /** "Is the work of many people stopped (their productivity affected)?" */
  manyStopped: z.boolean(),
  /** "By when must it be fixed?" */
  neededBy: NeededBy,
});
/** The answers to seed 001's three classification questions. */
export type ClassificationAnswers = z.infer<typeof ClassificationAnswers>;

/**
 * Proposes an urgency from the three classification answers. "Immediate" means `fixNow`, or
 * `neededBy: 'now'` (the two say the same thing; either suffices). First rule that matches wins:
 *
 * 1. immediate and many people stopped → `blocker`;
 * 2. immediate, or many people stopped and needed today → `critical`;
 * 3. many people stopped, or needed today or this week → `major`;
 * 4. otherwise (needed later, few people affected) → `minor`.
 *
 * The rule is monotone: a more pressing answer never proposes a lower urgency. It only proposes;
 * the customer can pick another level.
 */
export function proposeUrgency(answers: ClassificationAnswers): Urgency {
  const immediate = answers.fixNow || answers.neededBy === 'now';
  if (immediate && answers.manyStopped) return 'blocker';
  if (immediate || (answers.manyStopped && answers.neededBy === 'today')) return 'critical';
  if (answers.manyStopped || answers.neededBy === 'today' || answers.neededBy === 'this_week') return 'major';
  return 'minor';
}

/**
 * Proposes an impact from the answers: `many` when many people's work is stopped, else `few`.
 * The questions cannot tell `organisation` from `many` nor `few` from `one`, so it proposes the
 * larger of each pair — the customer narrows it, an under-estimate would cost them time.
 */
export function proposeImpact(answers: ClassificationAnswers): Impact {
  return answers.manyStopped ? 'many' : 'few';
}

/** Weight of each priority in the dynamic score: each step doubles. */
export const PRIORITY_WEIGHT: Record<Priority, number> = { P1: 8, P2: 4, P3: 2, P4: 1 };

/** Input of {@link dynamicPriorityScore}. */
export interface DynamicPriorityInput {
  /** The ticket's priority. */
  priority: Priority;
  /** Share of the SLA target used so far: 0 … ∞; 1 or more means breached. */
  fractionUsed: number;
  /** Business minutes left to the target; negative once overdue (by that many minutes). */
  remainingMinutes: number;
  /** The organisation's service level, 1 (basic) … 5 (highest); clamped to that range. */
  serviceLevel: number;
}

/** Score added to every breached ticket: above any score a not-yet-breached ticket can reach. */
export const BREACHED_SCORE_BASE = 1000;

/**
 * The dynamic priority of a ticket in an agent's queue; higher = more urgent, sort descending.
 *
 * With weight `w = PRIORITY_WEIGHT[priority] × (1 + (serviceLevel − 1) / 8)` (P1 8 … P4 1; service
 * level 1 ×1 … 5 ×1.5) and `h` the hours left:
 * - not breached (`fractionUsed < 1`): `w / (1 + h)` — "weighted time left": a P1 with 8 h left
 *   ranks with a P4 with 53 min left. At most 12, so below every breached ticket;
 * - breached: `BREACHED_SCORE_BASE + w × (1 + ln(1 + overdueHours))` — breached tickets come
 *   first, among them priority dominates and the overdue time grows the score slowly so that a
 *   long-forgotten ticket still climbs.
 *
 * So: breached above nearly breached, P1 above P4 at equal time left, a higher service level
 * above a lower one when all else is equal.
 */
export function dynamicPriorityScore(input: DynamicPriorityInput): number {
  const level = Math.min(5, Math.max(1, Number.isFinite(input.serviceLevel) ? input.serviceLevel : 1));
  const w = PRIORITY_WEIGHT[input.priority] * (1 + (level - 1) / 8);
  const remaining = Number.isNaN(input.remainingMinutes) ? 0 : input.remainingMinutes;
  if (!(input.fractionUsed >= 1)) return w / (1 + Math.max(0, remaining) / 60);
  const overdueHours = Math.min(Math.max(0, -remaining) / 60, Number.MAX_SAFE_INTEGER);
  return BREACHED_SCORE_BASE + w * (1 + Math.log1p(overdueHours));
}
