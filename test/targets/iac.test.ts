import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world, write } from './helpers.js';

const teamTf = v.parse(environmentsSchema, { production: { match: { 'terraform-workspaces': ['prod'], 'pulumi-stacks': ['prod'] } } });

describe('terraform', () => {
  it('reads the workspace from .terraform/environment', () => {
    const { home, project } = world({ project: { 'main.tf': '', '.terraform/environment': 'prod' } });
    const t = resolveTarget(inv('terraform destroy -auto-approve', { cwd: project }), undefined, ctx(home, project, {}, teamTf));
    expect(t.facts['terraform-workspace']).toBe('prod');
    expect(t.environment).toBe('production');
    expect(t.evidence).toContain('workspace prod in .terraform/environment');
  });

  it('puts TF_WORKSPACE over the file, and a prefix over the environment', () => {
    const { home, project } = world({ project: { '.terraform/environment': 'prod' } });
    const c = ctx(home, project, { TF_WORKSPACE: 'staging' });
    expect(resolveTarget(inv('tofu destroy', { cwd: project }), undefined, c).facts['terraform-workspace']).toBe('staging');
    const t = resolveTarget(inv('terraform destroy', { cwd: project, assign: { TF_WORKSPACE: 'dev' } }), undefined, c);
    expect(t.facts['terraform-workspace']).toBe('dev');
    expect(t.evidence[0]).toBe('TF_WORKSPACE=dev (prefix)');
  });

  it('follows -chdir and names the directory', () => {
    const { home, project } = world({ project: { '.git/HEAD': 'ref: refs/heads/main\n', 'infra/envs/prod/.terraform/environment': 'default' } });
    const t = resolveTarget(inv('terraform -chdir=infra/envs/prod destroy', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ 'terraform-workspace': 'default', 'terraform-dir': 'infra/envs/prod' });
    expect(t.environment).toBe('production');
  });

  it('uses the default workspace when nothing is selected, which is unknown', () => {
    const { home, project } = world({ project: { 'main.tf': '' } });
    const t = resolveTarget(inv('terraform destroy', { cwd: project }), undefined, ctx(home, project));
    expect(t.facts['terraform-workspace']).toBe('default');
    expect(t.environment).toBe('unknown');
  });

  it('reads the workspace being deleted and -var-file names', () => {
    const { home, project } = world({ project: { '.terraform/environment': 'dev' } });
    expect(resolveTarget(inv('terraform workspace delete prod', { cwd: project }), undefined, ctx(home, project)).facts['terraform-workspace']).toBe('prod');
    expect(resolveTarget(inv('terraform destroy -var-file=envs/production.tfvars', { cwd: project }), undefined, ctx(home, project)).environment).toBe('production');
  });
});

describe('terraform workspace selected on the line', () => {
  it('reads `terraform workspace select NAME &&` in the same directory, over the file', () => {
    const { home, project } = world({ project: { 'main.tf': '', '.terraform/environment': 'dev' } });
    const after = (prev: string, cmd: string, dynamic?: number[]) => {
      const i = inv(cmd, { cwd: project });
      i.succeeded = [inv(prev, { cwd: project, ...(dynamic ? { dynamic } : {}) })];
      return resolveTarget(i, undefined, ctx(home, project));
    };
    const t = after('terraform workspace select prod', 'terraform apply -destroy -auto-approve');
    expect(t.facts['terraform-workspace']).toBe('prod');
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('terraform workspace select prod');
    expect(after('tofu workspace select -or-create production', 'tofu destroy').facts['terraform-workspace']).toBe('production');
    // Another directory's selection, a listing, or TF_WORKSPACE: the file (or the variable) stands.
    expect(after('terraform -chdir=infra workspace select prod', 'terraform destroy').facts['terraform-workspace']).toBe('dev');
    expect(after('terraform workspace list', 'terraform destroy').facts['terraform-workspace']).toBe('dev');
    expect(after('terraform workspace select $W', 'terraform destroy', [3]).environment).toBe('unknown');
  });
});

describe('pulumi', () => {
  function selected(home: string, projectFile: string, name: string, stack: string): void {
    const hash = createHash('sha1').update(projectFile).digest('hex');
    write(home, { [`.pulumi/workspaces/${name}-${hash}-workspace.json`]: JSON.stringify({ stack }) });
  }

  it('reads the stack `pulumi stack select` saved, finding Pulumi.yaml upward', () => {
    const { home, project } = world({ project: { 'infra/Pulumi.yaml': 'name: acme-infra\nruntime: nodejs\n', 'infra/src/index.ts': '' } });
    selected(home, join(project, 'infra', 'Pulumi.yaml'), 'acme-infra', 'acme/prod');
    const t = resolveTarget(inv('pulumi destroy --yes', { cwd: join(project, 'infra', 'src') }), undefined, ctx(home, project, {}, teamTf));
    expect(t.facts).toMatchObject({ 'pulumi-stack': 'prod', 'pulumi-stack-ref': 'acme/prod', 'pulumi-project': 'acme-infra' });
    expect(t.environment).toBe('production');
  });

  it('puts -s over the selected stack, and honours PULUMI_HOME', () => {
    const { home, project } = world({ project: { 'Pulumi.yaml': 'name: web\n' } });
    selected(join(home, 'ph'), join(project, 'Pulumi.yaml'), 'web', 'prod');
    const c = ctx(home, project, { PULUMI_HOME: join(home, 'ph', '.pulumi') });
    expect(resolveTarget(inv('pulumi destroy', { cwd: project }), undefined, c).facts['pulumi-stack']).toBe('prod');
    expect(resolveTarget(inv('pulumi destroy -s dev', { cwd: project }), undefined, c).facts['pulumi-stack']).toBe('dev');
  });

  it('is unknown when no stack is selected', () => {
    const { home, project } = world({ project: { 'Pulumi.yaml': 'name: web\n' } });
    const t = resolveTarget(inv('pulumi destroy', { cwd: project }), undefined, ctx(home, project));
    expect(t.environment).toBe('unknown');
    expect(t.evidence[0]).toBe('no stack selected for Pulumi.yaml: pulumi would ask');
  });

  it('reads `pulumi stack select NAME &&` (or `stack init`) in the same directory, over the saved stack', () => {
    const { home, project } = world({ project: { 'Pulumi.yaml': 'name: web\n' } });
    selected(home, join(project, 'Pulumi.yaml'), 'web', 'dev');
    const after = (prev: string, cmd: string, dynamic?: number[]) => {
      const i = inv(cmd, { cwd: project });
      i.succeeded = [inv(prev, { cwd: project, ...(dynamic ? { dynamic } : {}) })];
      return resolveTarget(i, undefined, ctx(home, project, {}, teamTf));
    };
    const t = after('pulumi stack select acme/web/prod', 'pulumi destroy --yes');
    expect(t.facts).toMatchObject({ 'pulumi-stack': 'prod', 'pulumi-stack-ref': 'acme/web/prod' });
    expect(t.environment).toBe('production');
    expect(t.evidence.join('\n')).toContain('pulumi stack select acme/web/prod');
    expect(after('pulumi stack select --stack prod', 'pulumi destroy').facts['pulumi-stack']).toBe('prod');
    expect(after('pulumi stack init prod', 'pulumi destroy').facts['pulumi-stack']).toBe('prod');
    // Another directory's selection, a listing, or -s: the saved stack (or the flag) stands.
    expect(after('pulumi -C infra stack select prod', 'pulumi destroy').facts['pulumi-stack']).toBe('dev');
    expect(after('pulumi stack ls', 'pulumi destroy').facts['pulumi-stack']).toBe('dev');
    expect(after('pulumi stack select prod', 'pulumi destroy -s dev').facts['pulumi-stack']).toBe('dev');
    expect(after('pulumi stack select $S', 'pulumi destroy', [3]).environment).toBe('unknown');
  });
});
