import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { resolveTarget } from '../../src/targets/index.js';
import { environmentsSchema } from '../../src/targets/schema.js';
import { ctx, inv, world } from './helpers.js';

const AWS_CONFIG = `[default]
region = us-east-1

[profile prod]
region = eu-west-1
sso_account_id = 111122223333

[profile dev]
region = us-west-2
`;

describe('aws', () => {
  it('reads --profile and its region from ~/.aws/config', () => {
    const { home, project } = world({ home: { '.aws/config': AWS_CONFIG } });
    const t = resolveTarget(inv('aws s3 rb s3://acme-data --force --profile prod'), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ 'aws-profile': 'prod', 'aws-region': 'eu-west-1', 'aws-account': '111122223333' });
    expect(t.environment).toBe('production');
    expect(t.resource).toBe('s3://acme-data (eu-west-1)');
  });

  it('puts the flag over AWS_PROFILE over the default profile', () => {
    const { home, project } = world({ home: { '.aws/config': AWS_CONFIG } });
    const none = resolveTarget(inv('aws s3 rm s3://b/x'), undefined, ctx(home, project));
    expect(none.facts['aws-profile']).toBe('default');
    expect(none.environment).toBe('unknown');
    const env = ctx(home, project, { AWS_PROFILE: 'dev' });
    expect(resolveTarget(inv('aws s3 rm s3://b/x'), undefined, env).facts['aws-profile']).toBe('dev');
    expect(resolveTarget(inv('aws s3 rm s3://b/x', { assign: { AWS_PROFILE: 'prod' } }), undefined, env).evidence[0]).toBe('AWS_PROFILE=prod (prefix)');
    expect(resolveTarget(inv('aws s3 rm s3://b/x --profile prod'), undefined, env).facts['aws-profile']).toBe('prod');
  });

  it('takes an unambiguous prefix of --profile and --region, as the CLI does', () => {
    const { home, project } = world({ home: { '.aws/config': AWS_CONFIG } });
    const t = resolveTarget(inv('aws --prof prod s3 rb s3://x --force'), undefined, ctx(home, project));
    expect(t.facts['aws-profile']).toBe('prod');
    expect(t.environment).toBe('production');
    expect(resolveTarget(inv('aws --reg ap-south-1 s3 rb s3://x'), undefined, ctx(home, project)).facts['aws-region']).toBe('ap-south-1');
  });

  it('gives AWS_DEFAULT_PROFILE precedence for the aws CLI, as botocore does', () => {
    const { home, project } = world({ home: { '.aws/config': AWS_CONFIG } });
    const c = ctx(home, project, { AWS_PROFILE: 'dev', AWS_DEFAULT_PROFILE: 'prod' });
    expect(resolveTarget(inv('aws ec2 terminate-instances'), undefined, c).facts['aws-profile']).toBe('prod');
    expect(resolveTarget(inv('cdk destroy'), undefined, c).facts['aws-profile']).toBe('dev');
  });

  it('does not trust a profile name when keys in the environment decide the account', () => {
    const { home, project } = world({ home: { '.aws/config': AWS_CONFIG } });
    const envs = v.parse(environmentsSchema, { sandbox: { match: { 'aws-profiles': ['dev'] } } });
    const t = resolveTarget(inv('aws s3 rb s3://x'), undefined, ctx(home, project, { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIA...' }, envs));
    expect(t.environment).toBe('unknown');
    expect(t.evidence.join('\n')).toContain('AWS_ACCESS_KEY_ID is set');
    expect(t.evidence.join('\n')).not.toContain('AKIA');
  });

  it('treats a localhost endpoint (LocalStack) as local', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('aws --endpoint-url http://localhost:4566 s3 rb s3://x'), undefined, ctx(home, project)).environment).toBe('local');
    expect(resolveTarget(inv('awslocal s3 rb s3://x'), undefined, ctx(home, project)).environment).toBe('local');
  });

  it('is unknown with no profile anywhere', () => {
    const { home, project } = world();
    expect(resolveTarget(inv('aws s3 rb s3://x'), undefined, ctx(home, project)).environment).toBe('unknown');
  });
});

describe('gcloud', () => {
  const files = {
    '.config/gcloud/active_config': 'work\n',
    '.config/gcloud/configurations/config_work': '[core]\nproject = acme-prod\naccount = me@acme.com\n',
    '.config/gcloud/configurations/config_sandbox': '[core]\nproject = acme-sandbox\n',
  };

  it('reads the project of the active configuration', () => {
    const { home, project } = world({ home: files });
    const t = resolveTarget(inv('gcloud sql instances delete main'), undefined, ctx(home, project));
    expect(t.facts['gcp-project']).toBe('acme-prod');
    expect(t.environment).toBe('production');
    expect(t.evidence[0]).toBe('project acme-prod in gcloud configuration work (active in ~/.config/gcloud/active_config)');
  });

  it('puts --project over CLOUDSDK_CORE_PROJECT over the configuration', () => {
    const { home, project } = world({ home: files });
    const c = ctx(home, project, { CLOUDSDK_CORE_PROJECT: 'acme-staging' });
    expect(resolveTarget(inv('gcloud sql instances delete main'), undefined, c).facts['gcp-project']).toBe('acme-staging');
    expect(resolveTarget(inv('gcloud sql instances delete main --project=acme-dev'), undefined, c).facts['gcp-project']).toBe('acme-dev');
  });

  it('follows CLOUDSDK_ACTIVE_CONFIG_NAME and CLOUDSDK_CONFIG', () => {
    const { home, project } = world({ home: files });
    expect(resolveTarget(inv('gcloud projects delete x'), undefined, ctx(home, project, { CLOUDSDK_ACTIVE_CONFIG_NAME: 'sandbox' })).facts['gcp-project']).toBe('acme-sandbox');
    const other = world({ home: { 'gc/configurations/config_default': '[core]\nproject = elsewhere\n' } });
    const t = resolveTarget(inv('gcloud projects delete x'), undefined, ctx(other.home, other.project, { CLOUDSDK_CONFIG: `${other.home}/gc` }));
    expect(t.facts['gcp-project']).toBe('elsewhere');
  });

  it('reads gsutil -p', () => {
    const { home, project } = world({ home: files });
    expect(resolveTarget(inv('gsutil -p acme-dev rm -r gs://bucket'), undefined, ctx(home, project)).facts['gcp-project']).toBe('acme-dev');
  });
});

describe('azure', () => {
  // az writes this file with a byte-order mark.
  const profile = '\uFEFF' + JSON.stringify({
    subscriptions: [
      { id: '1111-aaaa', name: 'Acme Production', isDefault: true, tenantId: 't1' },
      { id: '2222-bbbb', name: 'Acme Dev', isDefault: false },
    ],
  });

  it('reads the default subscription from azureProfile.json', () => {
    const { home, project } = world({ home: { '.azure/azureProfile.json': profile } });
    const t = resolveTarget(inv('az group delete -n rg1'), undefined, ctx(home, project));
    expect(t.facts).toMatchObject({ 'azure-subscription': 'Acme Production', 'azure-subscription-id': '1111-aaaa' });
    expect(t.environment).toBe('production');
  });

  it('reads --subscription by name or id', () => {
    const { home, project } = world({ home: { '.azure/azureProfile.json': profile } });
    expect(resolveTarget(inv('az group delete -n rg1 --subscription 2222-bbbb'), undefined, ctx(home, project)).facts['azure-subscription']).toBe('Acme Dev');
    const envs = v.parse(environmentsSchema, { dev: { match: { 'azure-subscriptions': ['2222-*'] } } });
    expect(resolveTarget(inv(['az', 'group', 'delete', '--subscription', 'Acme Dev']), undefined, ctx(home, project, {}, envs)).environment).toBe('dev');
  });

  it('follows AZURE_CONFIG_DIR', () => {
    const { home, project } = world({ home: { 'az2/azureProfile.json': profile } });
    expect(resolveTarget(inv('az group delete -n x'), undefined, ctx(home, project, { AZURE_CONFIG_DIR: `${home}/az2` })).facts['azure-subscription-id']).toBe('1111-aaaa');
  });
});
