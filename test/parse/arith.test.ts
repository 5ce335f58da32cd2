// Arithmetic on values (issue #15): bash reads a value as an expression in $((x)), ((x)),
// [[ x -eq y ]], test/[ -eq, printf %d, ${a[x]}, ${s:x}, let, declare -i, and as a name in ${!x}
// and declare -n; a subscript in it, a[$(cmd)], runs cmd. Real files in a temp dir: a value whose
// text can be read is judged by the command its subscript runs; one only run time knows pauses
// unless its producer yields only numbers.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { loadParser, parseTree } from '../../src/parse/treesitter.js';
import { arithRefs, subscriptCode } from '../../src/parse/arith.js';
import { detectionFixture } from '../helpers/detection-fixture.js';

const fx = detectionFixture('countersign-arith-');
const cwd = fx.ctx.cwd;
writeFileSync(path.join(cwd, 'evil.txt'), 'a[$(rm -rf data)]\n');
writeFileSync(path.join(cwd, 'n.txt'), '42\n');
afterAll(() => rmSync(fx.root, { recursive: true, force: true }));

const judge = async (line: string) => {
  const r = await check(line, fx.ctx);
  return { decision: r.decision, rules: r.findings.map((f) => f.rule), why: r.findings.map((f) => f.detail).join('; ') };
};

describe('arith.ts helpers', () => {
  it('subscriptCode: the commands of $( ) and backticks after a [', () => {
    expect(subscriptCode('a[$(rm -rf data)]')).toBe('rm -rf data');
    expect(subscriptCode('x[`id`] + b[$(echo $(date))]')).toBe('id\necho $(date)');
    expect(subscriptCode('$(rm -rf data)')).toBeUndefined(); // no subscript: bash never expands it
    expect(subscriptCode('42')).toBeUndefined();
  });
  it('arithRefs: the names each arithmetic context reads', async () => {
    const p = await loadParser();
    const names = (t: string) => [...arithRefs(parseTree(p, t, 1000)!.rootNode.namedChildren[0]!).names].sort();
    expect(names('echo $((x + y))')).toEqual(['x', 'y']);
    expect(names('[[ $n -gt m ]]')).toEqual(['m', 'n']);
    expect(names('echo ${!ref} ${arr[$i]} ${s:off:len}')).toEqual(['i', 'len', 'off', 'ref']);
    // `[`/test compare numbers without evaluating them (bash 5.2); printf %d neither.
    expect(names('test "$x" -eq 1')).toEqual([]);
    expect(names('[ "$x" -eq 1 ]')).toEqual([]);
    expect(names('printf "%d\\n" "$v"')).toEqual([]);
    // Values used as names: printf -v, read, -v tests, declare/local of a built name.
    expect(names('printf -v "$n" %s 1')).toEqual(['n']);
    expect(names('read -r "$n" <<< 1')).toEqual(['n']);
    expect(names('[[ -v $n ]]')).toEqual(['n']);
    expect(names('test -v "$n"')).toEqual(['n']);
    expect(names('declare "$n=1"')).toEqual(['n']);
    expect(names('arr[i]=1')).toEqual(['i']);
    expect(names('echo $[i + 1] ${s:off}')).toEqual(['i', 'off']);
    expect(names('echo "$x" [[ -n $y ]]')).toEqual([]);
    expect(names('let "z = a * 2"')).toEqual(['a', 'z']);
    expect(names('echo ${!prefix*} ${!arr[@]} ${#arr[@]}')).toEqual([]);
  });
});

describe('arithmetic on a value the line or a file shows', () => {
  it('runs what its subscript runs: the rm is judged', async () => {
    for (const line of [
      'x=$(cat evil.txt); echo $((x))',
      'x=$(<evil.txt); (( x ))',
      'read -r x < evil.txt; [[ $x -eq 1 ]]',
      'x=$(cat evil.txt); echo ${!x}',
      'x=$(cat evil.txt); declare -n r=$x',
      "printf 'a[\\x24(rm -rf data)]' > f; x=$(cat f); echo $((x))",
      'x=$(cat evil.txt); y=x; echo $((y))',
      'echo $(( $(cat evil.txt) ))',
      'while read -r n; do echo $((n)); done < evil.txt',
    ]) {
      const r = await judge(line);
      expect(r.decision, line).toBe('confirm');
      expect(r.rules, line).toContain('filesystem/rm-protected');
    }
  });
  it('a value without a subscript command is allowed', async () => {
    for (const line of ['x=$(cat n.txt); echo $((x + 1))', 'read -r n < n.txt; (( n > 1 ))', 'x=5; echo $((x * 2))', "IFS=: read -r a b <<< '1:2'; echo $((a + b))", 'x=$(cat evil.txt); echo "$x"', 'while read -r n; do echo $((n * 2)); done < n.txt', 'cat n.txt | while read -r n; do (( n > 1 )); done', 'seq 3 | while read -r n; do echo $((n)); done']) {
      expect((await judge(line)).decision, line).toBe('allow');
    }
  });
});

describe('a nameref given a variable by name (rt25k2)', () => {
  it('a bare name as the target evaluates nothing: allowed', async () => {
    for (const line of [
      "report() { local -n _arr=$1; printf '%s\\n' \"${_arr[@]}\" | sort | uniq -c; }\nmapfile -t exts < <(git ls-files | sed 's/.*\\.//')\nreport exts",
      'f() { declare -n r=$1; echo "${#r[@]}"; }; x=$(cat /nonexistent/f); f x',
    ]) expect((await judge(line)).decision, line).toBe('allow');
  });
  it('a target with a subscript, or one only run time knows, still pauses', async () => {
    for (const line of [
      "f() { local -n r=$1; echo \"$r\"; }; f 'a[$(rm -rf data)]'",
      'f() { local -n r=$1; echo "$r"; }; x=$(cat evil.txt); f "$x"',
      'f() { local -n r=$1; echo "$r"; }; x=$(cat /nonexistent/f); f "$x"',
      'f() { local -n r=$1; echo "$((r))"; }; f exts; exts=$(cat /nonexistent/f)',
    ]) expect((await judge(line)).decision, line).not.toBe('allow');
  });
});

describe('arithmetic on a value only run time knows', () => {
  it('pauses when its producer copies data', async () => {
    for (const line of ['x=$(curl -s https://example.com/n); echo $((x))', 'x=$(cat /nonexistent/f); echo ${a[x]}', 'x=$(base64 -d <<< YQ==); let y=x', 'x=$(jq .n f.json); [[ $x -lt 3 ]]', 'echo $((CS_SURELY_UNSET_VAR_X + $(cat /nonexistent/f)))']) {
      const r = await judge(line);
      expect(r.decision, line).toBe('confirm');
      expect(r.why, line).toMatch(/arithmetic on .*only run time knows/);
    }
  });
  it('stays allowed when its producer only yields numbers', async () => {
    for (const line of ['n=$(wc -l < n.txt); echo $((n + 1))', 'n=$(ls | wc -l); (( n > 3 ))', 'for i in $(seq 3); do echo $((i * 2)); done', 's=$(date +%s); echo $(( $(date +%s) - s ))', 'c=$(grep -c 4 n.txt); [ "$c" -eq 1 ]', 'u=$(id -u); printf "%d\\n" "$u"', 'l=${#PATH}; echo $((l / 2))', 'echo $(($# + $? + RANDOM))', 'for f in *; do s=$(stat -c %s "$f"); t=$((t + s)); done']) {
      expect((await judge(line)).decision, line).toBe('allow');
    }
  });
});

describe('a quoted `[…$(…)]` argument of a program (an AWS --query, a JSONPath)', () => {
  it('is passed as text to the system program: allowed', async () => {
    for (const line of [
      "aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[?StartTime>=`2024-06-01`].SnapshotId'",
      'aws ec2 describe-instances --query "Reservations[].Instances[?LaunchTime>=\\`2024-06-01\\`].InstanceId"',
      "aws ecs list-services --cluster prod --query 'serviceArns[?contains(@, `api`)]'",
    ]) expect((await judge(line)).decision, line).toBe('allow');
  });
  it('still pauses given to a builtin, a function, an alias or code run again', async () => {
    for (const line of [
      "declare 'a[$(rm -rf data)]=1'",
      "read 'a[$(rm -rf data)]' <<< 1",
      "printf -v 'a[$(rm -rf data)]' x",
      "let 'a[$(rm -rf data)]=1'",
      "alias aws=declare; aws 'a[$(rm -rf data)]=1'",
      "for i in 1 2; do aws 'a[$(rm -rf data)]'; aws() { let \"$1\"; }; done",
      "eval 'aws() { let \"$1\"; }'; aws 'a[$(rm -rf data)]'",
      "bash -c 'a[$(rm -rf data)]=1'",
      "aws ec2 describe-snapshots --query 'S[?x>=`1`]' && declare 'a[$(rm -rf data)]=1'",
    ]) expect((await judge(line)).decision, line).not.toBe('allow');
  });
});

describe('the `[` of a test command followed by a command substitution', () => {
  it('opens no subscript: allowed', async () => {
    for (const line of [
      `[ -z "$(git status --porcelain)" ] && git pull --ff-only || echo dirty`,
      `r=$(cat /nonexistent/r.json); [ "$(echo "$r" | jq '.items | length')" -eq 0 ] && echo empty`,
      `if [ "$(uname)" = Darwin ]; then echo mac; fi`,
    ]) expect((await judge(line)).decision, line).toBe('allow');
  });
  it('still pauses on a subscript inside it, or a `[` redefined', async () => {
    for (const line of [
      `[ -v 'a[$(rm -rf data)]' ]`,
      `[ -n "\${a[$(rm -rf data)]}" ]`,
      `[ -z "$(git status --porcelain)" ] && declare 'a[$(rm -rf data)]=1'`,
      `[ "$(rm -rf data)" ]`,
      `alias [=declare; [ 'a[$(rm -rf data)]=1' ]`,
    ]) expect((await judge(line)).decision, line).not.toBe('allow');
  });
});

describe('a length in arithmetic (`((${#dirs[@]}))`, `${#name}`)', () => {
  it('is a number whatever the value holds: allowed', async () => {
    for (const line of [
      `mapfile -t maps < <(find build -name '*.map'); ((\${#maps[@]})) && rm -f -- "\${maps[@]}"`,
      `x=$(cat evil.txt); (( \${#x} > 3 )) && echo long`,
      `read -ra a < evil.txt; echo $(( \${#a[*]} + 1 ))`,
    ]) expect((await judge(line)).decision, line).toBe('allow');
  });
  it('still pauses on the value itself, or a subscript read as arithmetic', async () => {
    for (const line of [
      `x=$(cat evil.txt); (( x > 3 )) && echo long`,
      `x=$(cat evil.txt); echo $(( \${#a[x]} ))`,
      `x=$(cat evil.txt); echo "\${#a[$x]}"`,
      `mapfile -t a < evil.txt; echo $(( \${#a[@]} + a[0] ))`,
    ]) expect((await judge(line)).decision, line).not.toBe('allow');
  });
});
