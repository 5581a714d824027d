import { describe, expect, it } from 'vitest';
import {
  ClassificationAnswers,
  DEFAULT_PRIORITY_MATRIX,
  IMPACTS,
  NEEDED_BY,
  PRIORITIES,
  PriorityMatrix,
  URGENCIES,
  dynamicPriorityScore,
  priorityFor,
  proposeImpact,
  proposeUrgency,
  type DynamicPriorityInput,
  type PriorityMatrix as Matrix,
} from './ticket-priority.js';

const rank = <T>(list: readonly T[], v: T) => list.indexOf(v);

describe('priority matrix', () => {
  it('fills every cell of the default, which its own schema accepts', () => {
    expect(PriorityMatrix.safeParse(DEFAULT_PRIORITY_MATRIX).success).toBe(true);
    expect(priorityFor('blocker', 'organisation')).toBe('P1');
    expect(priorityFor('blocker', 'one')).toBe('P2');
    expect(priorityFor('major', 'few')).toBe('P3');
    expect(priorityFor('minor', 'one')).toBe('P4');
  });

  it('never lowers the priority for a more urgent or wider problem, and is symmetric like ITIL', () => {
    for (const [u, urgency] of URGENCIES.entries())
      for (const [i, impact] of IMPACTS.entries()) {
        const p = rank(PRIORITIES, priorityFor(urgency, impact));
        if (u > 0) expect(rank(PRIORITIES, priorityFor(URGENCIES[u - 1]!, impact))).toBeLessThanOrEqual(p);
        if (i > 0) expect(rank(PRIORITIES, priorityFor(urgency, IMPACTS[i - 1]!))).toBeLessThanOrEqual(p);
        expect(priorityFor(URGENCIES[i]!, IMPACTS[u]!)).toBe(priorityFor(urgency, impact));
      }
  });

  it('uses an edited matrix when given one', () => {
    const strict: Matrix = structuredClone(DEFAULT_PRIORITY_MATRIX);
    strict.minor.organisation = 'P3';
    expect(priorityFor('minor', 'organisation', strict)).toBe('P3');
    expect(priorityFor('minor', 'organisation')).toBe('P2');
  });

  it('rejects an incomplete or wrong matrix, naming the cell', () => {
    const paths = (m: unknown) => PriorityMatrix.safeParse(m).error?.issues.map((i) => i.path.join('.')) ?? [];
    const { one: _one, ...majorWithoutOne } = DEFAULT_PRIORITY_MATRIX.major;
    expect(paths({ ...DEFAULT_PRIORITY_MATRIX, major: majorWithoutOne })).toEqual(['major.one']);
    const { minor: _minor, ...withoutMinor } = DEFAULT_PRIORITY_MATRIX;
    expect(paths(withoutMinor)).toEqual(['minor']);
    expect(paths({ ...DEFAULT_PRIORITY_MATRIX, critical: { ...DEFAULT_PRIORITY_MATRIX.critical, few: 'P5' } })).toEqual(['critical.few']);
    expect(paths({ ...DEFAULT_PRIORITY_MATRIX, trivial: DEFAULT_PRIORITY_MATRIX.minor })).toEqual(['']);
  });
});

describe('classification helper', () => {
  const all: ClassificationAnswers[] = [false, true].flatMap((fixNow) => [false, true].flatMap((manyStopped) => NEEDED_BY.map((neededBy) => ({ fixNow, manyStopped, neededBy }))));

  it('proposes an urgency by the documented rule', () => {
    expect(proposeUrgency({ fixNow: true, manyStopped: true, neededBy: 'now' })).toBe('blocker');
    expect(proposeUrgency({ fixNow: false, manyStopped: true, neededBy: 'now' })).toBe('blocker');
    expect(proposeUrgency({ fixNow: true, manyStopped: false, neededBy: 'today' })).toBe('critical');
    expect(proposeUrgency({ fixNow: false, manyStopped: true, neededBy: 'today' })).toBe('critical');
    expect(proposeUrgency({ fixNow: false, manyStopped: true, neededBy: 'later' })).toBe('major');
    expect(proposeUrgency({ fixNow: false, manyStopped: false, neededBy: 'this_week' })).toBe('major');
    expect(proposeUrgency({ fixNow: false, manyStopped: false, neededBy: 'later' })).toBe('minor');
  });

  it('never proposes a lower urgency for a more pressing answer', () => {
    const pressing = (a: ClassificationAnswers, b: ClassificationAnswers) =>
      a.fixNow >= b.fixNow && a.manyStopped >= b.manyStopped && rank(NEEDED_BY, a.neededBy) <= rank(NEEDED_BY, b.neededBy);
    for (const a of all) for (const b of all) if (pressing(a, b)) expect(rank(URGENCIES, proposeUrgency(a))).toBeLessThanOrEqual(rank(URGENCIES, proposeUrgency(b)));
  });

  it('proposes an impact from "are many people stopped?"', () => {
    expect(proposeImpact({ fixNow: false, manyStopped: true, neededBy: 'later' })).toBe('many');
    expect(proposeImpact({ fixNow: true, manyStopped: false, neededBy: 'now' })).toBe('few');
    expect(priorityFor(proposeUrgency(all.at(-1)!), proposeImpact(all.at(-1)!))).toBe('P1');
  });

  it('validates the answers', () => {
    expect(ClassificationAnswers.safeParse({ fixNow: true, manyStopped: false, neededBy: 'today' }).success).toBe(true);
    expect(ClassificationAnswers.safeParse({ fixNow: true, manyStopped: false, neededBy: 'yesterday' }).error?.issues[0]?.path).toEqual(['neededBy']);
  });
});

describe('dynamic priority score', () => {
  const score = (p: Partial<DynamicPriorityInput>) => dynamicPriorityScore({ priority: 'P3', fractionUsed: 0.5, remainingMinutes: 120, serviceLevel: 3, ...p });

  it('puts breached tickets above nearly breached ones, whatever their priority', () => {
    expect(score({ priority: 'P4', fractionUsed: 1, remainingMinutes: 0, serviceLevel: 1 })).toBeGreaterThan(score({ priority: 'P1', fractionUsed: 0.99, remainingMinutes: 1, serviceLevel: 5 }));
  });

  it('ranks P1 above P4 at equal time left, sooner above later, longer overdue above recently', () => {
    expect(score({ priority: 'P1' })).toBeGreaterThan(score({ priority: 'P4' }));
    expect(score({ priority: 'P1', fractionUsed: 1.5, remainingMinutes: -60 })).toBeGreaterThan(score({ priority: 'P4', fractionUsed: 1.5, remainingMinutes: -60 }));
    expect(score({ remainingMinutes: 30 })).toBeGreaterThan(score({ remainingMinutes: 90 }));
    expect(score({ fractionUsed: 2, remainingMinutes: -600 })).toBeGreaterThan(score({ fractionUsed: 1.1, remainingMinutes: -10 }));
  });

  it('breaks ties upward by service level and clamps it to 1–5', () => {
    expect(score({ serviceLevel: 5 })).toBeGreaterThan(score({ serviceLevel: 4 }));
    expect(score({ serviceLevel: 2 })).toBeGreaterThan(score({ serviceLevel: 1 }));
    expect(score({ serviceLevel: 9 })).toBe(score({ serviceLevel: 5 }));
    expect(score({ serviceLevel: 0 })).toBe(score({ serviceLevel: 1 }));
  });

  it('orders a queue', () => {
    const queue: (DynamicPriorityInput & { id: string })[] = [
      { id: 'p4-plenty', priority: 'P4', fractionUsed: 0.1, remainingMinutes: 2000, serviceLevel: 3 },
      { id: 'p1-8h', priority: 'P1', fractionUsed: 0.5, remainingMinutes: 480, serviceLevel: 3 },
      { id: 'p3-breached', priority: 'P3', fractionUsed: 1.2, remainingMinutes: -30, serviceLevel: 1 },
      { id: 'p4-10min', priority: 'P4', fractionUsed: 0.99, remainingMinutes: 10, serviceLevel: 3 },
      { id: 'p1-breached', priority: 'P1', fractionUsed: 1.01, remainingMinutes: -1, serviceLevel: 1 },
      { id: 'p2-1h-gold', priority: 'P2', fractionUsed: 0.8, remainingMinutes: 60, serviceLevel: 5 },
    ];
    const order = [...queue].sort((a, b) => dynamicPriorityScore(b) - dynamicPriorityScore(a)).map((t) => t.id);
    expect(order).toEqual(['p1-breached', 'p3-breached', 'p2-1h-gold', 'p1-8h', 'p4-10min', 'p4-plenty']);
  });
});
