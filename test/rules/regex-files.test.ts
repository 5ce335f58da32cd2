// `regex-files` (src/rules/match.ts): a rule's regex also reads the files argv names as `file://F`
// or `fileb://F`, as the AWS CLI replaces such a value with the file's content. A file that can't
// be read pauses. Real files in a temp dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
const DEL = '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"api.acme.com","Type":"A"}}]}';
const UPSERT = '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"api.acme.com","Type":"A"}}]}';
beforeAll(() => {
  fx = bareFixture('countersign-regex-files-');
  const cwd = fx.ctx.cwd!;
  writeFileSync(path.join(cwd, 'del.json'), DEL);
  writeFileSync(path.join(cwd, 'up.json'), UPSERT);
  writeFileSync(path.join(fx.ctx.home!, 'batch.json'), DEL);
  writeFileSync(path.join(cwd, 'in.yaml'), 'HostedZoneId: Z123\nChangeBatch:\n  Changes:\n    - Action: DELETE\n');
  writeFileSync(path.join(cwd, 'q.json'), '{"sql": "TRUNCATE orders", "resourceArn": "arn:c", "secretArn": "arn:s"}');
  writeFileSync(path.join(cwd, 'select.json'), '{"sql": "SELECT 1", "resourceArn": "arn:c", "secretArn": "arn:s"}');
  mkdirSync(path.join(cwd, 'dir.json'));
  writeFileSync(path.join(cwd, 'expire.json'), '{"Rules":[{"Status":"Enabled","Filter":{"Prefix":""},"Expiration":{"Days":1}}]}');
  writeFileSync(path.join(cwd, 'glacier.json'), '{"Rules":[{"Status":"Enabled","Transitions":[{"Days":30,"StorageClass":"GLACIER"}]}]}');
});
afterAll(() => fx.cleanup());

const decide = async (line: string) => {
  const r = await check(line, fx.ctx);
  return `${r.decision} ${r.findings.map((f) => f.rule).join(',')}`;
};
const R53 = 'aws route53 change-resource-record-sets --hosted-zone-id Z123';

describe('aws payloads from files', () => {
  it('a DELETE batch read from the file pauses, however the file is named', async () => {
    for (const line of [`${R53} --change-batch file://del.json`, `${R53} --change-batch=fileb://del.json`, `${R53} --change-batch file://~/batch.json`, 'aws route53 change-resource-record-sets --cli-input-yaml file://in.yaml']) {
      expect(await decide(line), line).toBe('confirm aws/route53-record-delete');
    }
  });

  it('an UPSERT batch runs; a file that cannot be read, or a batch only known at run time, pauses', async () => {
    expect(await decide(`${R53} --change-batch file://up.json`)).toBe('allow ');
    for (const f of ['file://dir.json', 'file://missing.json', 'file://$F', '"$(cat del.json)"', '"$(cat up.json)"']) expect(await decide(`${R53} --change-batch ${f}`), f).toBe('confirm aws/route53-record-delete');
  });

  it('a lifecycle configuration file is read for Expiration', async () => {
    const put = 'aws s3api put-bucket-lifecycle-configuration --bucket shop-uploads --lifecycle-configuration';
    expect(await decide(`${put} file://expire.json`)).toBe('confirm aws/s3-lifecycle-expire');
    expect(await decide(`${put} file://missing.json`)).toBe('confirm aws/s3-lifecycle-expire');
    expect(await decide(`${put} file://glacier.json`)).toBe('allow ');
  });

  it('the data API reads --cli-input-json files as SQL holders', async () => {
    expect(await decide('aws rds-data execute-statement --cli-input-json file://q.json')).toBe('confirm aws/data-api-destructive-sql');
    expect(await decide('aws rds-data execute-statement --cli-input-json file://select.json')).toBe('allow ');
    expect(await decide('aws rds-data execute-statement --cli-input-json file://missing.json')).toBe('confirm aws/data-api-destructive-sql');
  });
});
