// A file copied or moved into a directory lands at DIR/NAME: a directory that only holds the
// protected data further down (the repo in a temp dir) is judged by what lands in it.
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

const fx = bareFixture('cs-landed-');
afterAll(() => fx.cleanup());
const decide = async (line: string) => (await check(line, fx.ctx)).decision;

describe('copies and moves into an ancestor of protected data', () => {
  it('a named file landing beside the repo is no overwrite', async () => {
    expect(await decide(`cp notes.txt ${fx.root}/`)).toBe('allow');
    expect(await decide(`mv notes.txt ${fx.root}/`)).toBe('allow');
    expect(await decide(`aws s3 cp s3://acme/backup.sql ${fx.root}/`)).toBe('allow');
    expect(await decide(`rsync -a build ${fx.root}/`)).toBe('allow');
  });
  it('a run-time source, one quoted word with its last name written, lands under that name', async () => {
    expect(await decide(`cp "$(ls -d /mnt/backup-*)/report.csv" ${fx.root}/`)).toBe('allow');
    expect(await decide(`aws s3 cp "s3://acme/$(date +%F)/backup.sql" ${fx.root}/`)).toBe('allow');
    expect(await decide(`cp "$(ls -d /mnt/backup-*)/repo" ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp $(ls -d /mnt/backup-*)/report.csv ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp "$(ls -d /mnt/backup-*)"/report.csv ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp "$(ls -d /mnt/backup-*)/$(cat n)" ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp "$(ls -d /mnt/backup-*)/" ${fx.root}/`)).toBe('confirm');
  });
  it('what may land on the data still pauses', async () => {
    expect(await decide(`cp -r src/. ${fx.root}/`)).toBe('confirm');
    expect(await decide(`rsync -a build/ ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp "$F" ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp -r repo ${fx.root}/`)).toBe('confirm');
    expect(await decide(`cp db.sqlite ${fx.root}/repo/data/`)).toBe('confirm');
    expect(await decide(`aws s3 cp s3://acme/prefix/ ${fx.root}/ --recursive`)).toBe('confirm');
    expect(await decide(`mv data ${fx.root}/`)).toBe('confirm');
  });
});
