// decideOne: thresholds per environment, the local relaxation, and what a file may change.
import { describe, expect, it } from 'vitest';
import { decide, decideOne, isStrict, type TargetInfo } from '../../src/policy/index.js';
import type { Finding, Severity } from '../../src/rules/types.js';
import type { Config } from '../../src/rules/load.js';

type F = Finding & { target: TargetInfo };
const f = (severity: Severity, environment: string, over: Partial<F> = {}): F => ({
  rule: 'databases/drop-table', severity, summary: 's', action: 'confirm', invocation: 'x', detail: 'd',
  target: { environment, facts: {}, evidence: [] }, ...over,
});
const pol = (p: Partial<Config['policy']> = {}): Config['policy'] => ({ 'confirm-at': 'medium', ...p });

describe('isStrict', () => {
  it('is production and unknown only', () => {
    expect(isStrict('production')).toBe(true);
    expect(isStrict('unknown')).toBe(true);
    for (const e of ['staging', 'local', 'prod', 'Production', '']) expect(isStrict(e), e).toBe(false);
  });
});

describe('decideOne', () => {
  it('pauses at the threshold and above', () => {
    expect(decideOne(f('low', 'staging'), pol())).toBe('allow');
    expect(decideOne(f('medium', 'staging'), pol())).toBe('confirm');
    expect(decideOne(f('high', 'staging'), pol({ 'confirm-at': 'critical' }))).toBe('allow');
  });

  it('relaxes local databases, clusters and containers to critical, never local files', () => {
    expect(decideOne(f('high', 'local', { targetKind: 'database' }), pol())).toBe('allow');
    expect(decideOne(f('high', 'local', { targetKind: 'docker' }), pol())).toBe('allow');
    expect(decideOne(f('critical', 'local', { targetKind: 'docker' }), pol())).toBe('confirm');
    expect(decideOne(f('high', 'local', { targetKind: 'filesystem' }), pol())).toBe('confirm');
    expect(decideOne(f('high', 'local', { targetKind: 'git' }), pol())).toBe('confirm');
    // The same kinds anywhere else are not relaxed.
    expect(decideOne(f('high', 'production', { targetKind: 'docker' }), pol())).toBe('confirm');
    expect(decideOne(f('high', 'staging', { targetKind: 'database' }), pol())).toBe('confirm');
  });

  it('does not relax a local database file inside a protected path', () => {
    const t = { environment: 'local', facts: { 'protected-path': 'data/db.sqlite' }, evidence: [] };
    expect(decideOne(f('high', 'local', { targetKind: 'database', target: t }), pol())).toBe('confirm');
  });

  it('allows SQL findings on a database that ends with the command, never other findings or protected files', () => {
    const eph = (facts: Record<string, string>) => ({ environment: 'local', facts: { ephemeral: 'in-memory database', ...facts }, evidence: [] });
    expect(decideOne(f('critical', 'local', { targetKind: 'database', target: eph({}) }), pol())).toBe('allow');
    expect(decideOne(f('critical', 'local', { targetKind: 'database', target: eph({ 'protected-path': 'data/db.sqlite' }) }), pol())).toBe('confirm');
    expect(decideOne(f('high', 'local', { rule: 'filesystem/inline-delete', targetKind: 'filesystem', target: eph({}) }), pol())).toBe('confirm');
    expect(decideOne(f('high', 'local', { rule: 'core/uncertain', targetKind: 'database', target: eph({}) }), pol())).toBe('confirm');
    // Atlas's schema commands on a scratch file too (`atlas schema clean -u sqlite:///tmp/x.db`).
    expect(decideOne(f('critical', 'local', { rule: 'atlas/schema-clean', targetKind: 'database', target: eph({}) }), pol())).toBe('allow');
    expect(decideOne(f('critical', 'local', { rule: 'atlas/schema-clean', targetKind: 'database', target: eph({ 'protected-path': 'data/db.sqlite' }) }), pol())).toBe('confirm');
    expect(decideOne(f('critical', 'local', { targetKind: 'database', target: eph({}) }), pol({ deny: ['databases/*'] }))).toBe('deny');
  });

  it('SQL from a file that is not there now pauses only for production, unknown or protected files', () => {
    const absent = (environment: string, facts: Record<string, string> = {}) => f('critical', environment, { rule: 'databases/drop-database', targetKind: 'database', absent: true, target: { environment, facts, evidence: [] } });
    expect(decideOne(absent('local'), pol())).toBe('allow');
    expect(decideOne(absent('staging'), pol())).toBe('allow');
    expect(decideOne(absent('production'), pol())).toBe('confirm');
    expect(decideOne(absent('unknown'), pol())).toBe('confirm');
    expect(decideOne(absent('local', { 'protected-path': 'data/db.sqlite' }), pol())).toBe('confirm');
    expect(decideOne(absent('local'), pol({ deny: ['databases/*'] }))).toBe('deny');
    // The same finding without the mark (SQL that can't be seen) still pauses on local.
    expect(decideOne({ ...absent('local'), absent: undefined }, pol())).toBe('confirm');
  });

  it('production and unknown pause at high whatever a file says', () => {
    for (const env of ['production', 'unknown']) {
      expect(decideOne(f('high', env), pol({ 'confirm-at': 'critical' })), env).toBe('confirm');
      const envs = { [env]: { 'confirm-at': 'critical' as const, userSet: true } };
      expect(decideOne(f('high', env), pol({ environments: envs })), env).toBe('confirm');
      expect(decideOne(f('medium', env), pol({ environments: envs })), env).toBe('allow');
    }
  });

  it("a team file's environment threshold only makes it stricter; the user's may relax it", () => {
    expect(decideOne(f('low', 'staging'), pol({ environments: { staging: { 'confirm-at': 'low' } } }))).toBe('confirm');
    expect(decideOne(f('medium', 'staging'), pol({ environments: { staging: { 'confirm-at': 'critical' } } }))).toBe('confirm');
    const user = { staging: { 'confirm-at': 'critical' as const, userSet: true } };
    expect(decideOne(f('high', 'staging'), pol({ environments: user as never }))).toBe('allow');
  });

  it('denies by rule action and by deny lists, per environment too', () => {
    expect(decideOne(f('low', 'local', { action: 'deny' }), pol())).toBe('deny');
    expect(decideOne(f('low', 'local'), pol({ deny: ['databases/*'] }))).toBe('deny');
    expect(decideOne(f('low', 'production'), pol({ environments: { production: { deny: ['databases/drop-*'] } } }))).toBe('deny');
    expect(decideOne(f('low', 'staging'), pol({ environments: { production: { deny: ['databases/drop-*'] } } }))).toBe('allow');
  });

  it('core findings (unverifiable code) pause at any severity', () => {
    expect(decideOne(f('low', 'local', { rule: 'core/opaque' }), pol({ 'confirm-at': 'critical' }))).toBe('confirm');
  });
});

describe('decide', () => {
  it('deny beats confirm beats allow', () => {
    const j = (decision: 'allow' | 'confirm' | 'deny') => ({ ...f('low', 'local'), decision }) as never;
    expect(decide([j('allow'), j('confirm')])).toBe('confirm');
    expect(decide([j('confirm'), j('deny')])).toBe('deny');
    expect(decide([])).toBe('allow');
  });
});
