// `terraform apply PLANFILE`: real plans made by the terraform binary (only the builtin
// terraform_data resource, so no provider download), read by src/rules/tfplan.ts and judged by
// check(). Skipped where terraform isn't installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckContext } from '../../src/engine.js';
import { readPlan } from '../../src/rules/tfplan.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
let fx: ReturnType<typeof detectionFixture>;
let ctx: CheckContext;
let dir: string;

beforeAll(() => {
  fx = detectionFixture('countersign-tfplan-');
  ctx = fx.ctx;
  dir = path.join(ctx.cwd, 'infra');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'main.tf'), 'variable "v" {\n  type = string\n  default = "a"\n}\nresource "terraform_data" "db" {\n  input = var.v\n}\n');
  if (!hasTerraform) return;
  const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_ARGS: '', TF_CLI_ARGS_plan: '', TF_CLI_ARGS_apply: '' };
  const tf = (...a: string[]) => execFileSync('terraform', a, { cwd: dir, env, stdio: 'ignore', timeout: 60_000 });
  tf('init', '-input=false');
  tf('apply', '-auto-approve', '-input=false');
  tf('plan', '-input=false', '-out', 'same.tfplan');
  tf('plan', '-input=false', '-var', 'v=b', '-out', 'update.tfplan');
  tf('plan', '-input=false', '-destroy', '-out', 'destroy.tfplan');
  tf('plan', '-input=false', '-replace=terraform_data.db', '-out', 'replace.tfplan');
}, 120_000);
afterAll(() => fx.cleanup());

describe.skipIf(!hasTerraform)('saved terraform plans', () => {
  it('reads what a plan would do', () => {
    expect(readPlan('same.tfplan', dir)).toEqual({ safe: true });
    expect(readPlan('update.tfplan', dir)).toEqual({ safe: true });
    expect(readPlan('destroy.tfplan', dir)).toMatchObject({ destroys: expect.stringMatching(/destroy plan/) });
    expect(readPlan('replace.tfplan', dir)).toMatchObject({ destroys: expect.stringMatching(/replaces terraform_data\.db/) });
    expect(readPlan('missing.tfplan', dir)).toMatchObject({ unknown: expect.stringMatching(/doesn't exist yet/) });
    expect(readPlan('main.tf', dir)).toMatchObject({ unknown: expect.stringMatching(/can't be read as a plan/) });
  });

  it('pauses applying a plan that destroys or replaces, or that the line writes first', async () => {
    const decide = async (line: string) => (await check(line, { ...ctx, cwd: dir })).decision;
    expect(await decide('terraform apply destroy.tfplan')).toBe('confirm');
    expect(await decide('terraform apply -auto-approve replace.tfplan')).toBe('confirm');
    expect(await decide('terraform plan -destroy -out p && terraform apply p')).toBe('confirm');
  });

  it('lets a plan that only creates or updates through', async () => {
    const decide = async (line: string) => (await check(line, { ...ctx, cwd: dir })).decision;
    expect(await decide('terraform apply update.tfplan')).toBe('allow');
    expect(await decide('terraform apply -auto-approve same.tfplan')).toBe('allow');
  });
});
