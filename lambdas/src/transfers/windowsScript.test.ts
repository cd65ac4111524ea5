import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TransferFileStatusSchema, writeTransferManifest } from '@rushes/shared';

// PowerShell cannot be installed on the machines that build Rushes, so rushes-transfer.ps1 is
// never run here. What can be checked without running it is checked: it is the script the
// Windows SSM document carries (backend-cdk/test/stacks.test.ts compares the embedded lines
// with this file), it reads the manifest with patterns that match what the writer writes,
// every file cmdlet takes -LiteralPath, nothing evaluates text as code, and it reports the
// same statuses and failure phrases as the Linux script, which is run for real
// (lambdas/test/transferScript.medium.test.ts).
const here = path.dirname(fileURLToPath(import.meta.url));
const ps1 = readFileSync(path.join(here, 'scripts/rushes-transfer.ps1'), 'utf8');
const sh = readFileSync(path.join(here, 'scripts/rushes-transfer.sh'), 'utf8');
/** The script's code: comment lines dropped (they may name cmdlets the code avoids, and say why). */
const code = ps1
  .split('\n')
  .filter((line) => !line.trimStart().startsWith('#'))
  .join('\n');

/** Fixed failure phrases: double-quoted lower-case sentences (file names never are in either script). */
function phrases(script: string): string[] {
  return [
    ...new Set([...script.matchAll(/"([a-z][A-Za-z0-9 ';,.-]*)"/g)].map((match) => match[1]!).filter((text) => text.includes(' '))),
  ].sort();
}

/** A single-quoted PowerShell string assigned to `$name` (or passed as the first argument of a call), as a JS RegExp. */
function psPattern(source: RegExp): RegExp {
  const match = source.exec(code);
  expect(match, String(source)).not.toBeNull();
  return new RegExp(match![1]!.replace(/''/g, "'"));
}

describe('rushes-transfer.ps1 (static checks; PowerShell does not run here)', () => {
  it('is the script the Windows SSM document embeds', () => {
    const stack = readFileSync(path.join(here, '../../../backend-cdk/src/stacks/transfers.ts'), 'utf8');
    expect(stack).toContain("'lambdas/src/transfers/scripts/rushes-transfer.ps1'");
    expect(ps1).not.toContain('{{');
  });

  it('passes every path to file cmdlets with -LiteralPath, so [ ] * in names stay characters', () => {
    const fileCmdlets =
      /\b(Get-Item|Get-ChildItem|Test-Path|Remove-Item|Move-Item|Copy-Item|Rename-Item|New-Item|Get-FileHash|Get-Content|Set-Content|Add-Content|Out-File|Resolve-Path|Get-ItemProperty|Join-Path|Split-Path)\b[^\n]*/g;
    const uses = [...code.matchAll(fileCmdlets)].map((match) => match[0]);
    expect(uses.length).toBeGreaterThan(8);
    expect(uses.filter((use) => !new RegExp(`^${use.split(' ')[0]} -LiteralPath `).test(use))).toEqual([]);
    // The AWS cmdlets take their file through -File (a .NET path, no wildcards).
    for (const use of [...code.matchAll(/\b(Read-S3Object|Write-S3Object)\b[^\n]*/g)].map((match) => match[0]))
      expect(use).toMatch(/ -File \$/);
  });

  it('evaluates no text as code and starts no other program', () => {
    for (const forbidden of [
      /Invoke-Expression/i,
      /\biex\b/i,
      /Invoke-Command/i,
      /Start-Process/i,
      /\[scriptblock\]::Create/i,
      /ExpandString/i,
      /\bcmd(\.exe)?\b/i,
      /powershell(\.exe)?\s/i,
      /\bpwsh\b/i,
    ]) {
      expect(code, String(forbidden)).not.toMatch(forbidden);
    }
    // No call operator (& name) and no dot-sourcing (. name).
    expect(code).not.toMatch(/&/);
    expect(code).not.toMatch(/(^|[\s;(])\.\s+[$\w'"]/m);
  });

  it('reports the same statuses as the Linux script, which are the result schema’s', () => {
    const psStatuses = new Set([...code.matchAll(/Add-Result \$\w+ '(\w+)'/g)].map((match) => match[1]));
    const shStatuses = new Set([...sh.matchAll(/result_line "\$index" (\w+)/g)].map((match) => match[1]));
    expect([...psStatuses].sort()).toEqual([...TransferFileStatusSchema.options].sort());
    expect([...shStatuses].sort()).toEqual([...TransferFileStatusSchema.options].sort());
  });

  it('writes result lines with the Linux script’s fields in its order, the MD5 of what landed included', () => {
    const fields = (line: string) => [...line.matchAll(/"([a-z0-9]+)":/gi)].map((match) => match[1]);
    const psLine = /\$Results\.Add\((.*)\)/.exec(code)![1]!;
    const shLine = /printf '(\{"index".*)\\n'/.exec(sh)![1]!;
    expect(fields(psLine)).toEqual(['index', 'status', 'bytes', 'sha256', 'md5', 'xxh64', 'error']);
    expect(fields(shLine)).toEqual(fields(psLine));
    // One read gives both hashes: each block goes to SHA-256 and to MD5.
    expect(code).toMatch(/\$sha\.TransformBlock\(\$buffer[^\n]*\n\s*\[void\]\$md5\.TransformBlock\(\$buffer/);
    expect(code).toContain("Add-Result $Index 'copied' $gotSize $gotSha '' $got.Md5");
  });

  it('uses exactly the Linux script’s failure phrases', () => {
    expect(phrases(sh).length).toBeGreaterThan(15);
    expect(phrases(code)).toEqual(phrases(sh));
  });

  it('reads the header and entries of a manifest with hostile names by its anchored patterns, and decodes the exact names', () => {
    const names = ["Show [A]/Day (1)/it's $(touch x) `id` ; {x} 🎬.mov", 'Show/Ünïcödé/日本語.wav', `Show/${'a'.repeat(200)}.mov`];
    const text = writeTransferManifest({
      version: 1,
      jobId: 'job-12345678',
      operation: 'copy',
      bucket: 'rushes-media',
      shareRoot: 'D:\\Media [edit]',
      entries: names.map((name, i) => ({ key: name, path: name, size: 1000 + i, sha256: 'ab'.repeat(32) })),
    });
    const lines = text.split('\n');
    const entry = psPattern(/\$EntryPattern = '((?:[^']|'')*)'/);
    const found = lines.map((line) => entry.exec(line)).filter((match) => match !== null);
    expect(
      found.map((match) => [
        match[1],
        match[2],
        match[3],
        Buffer.from(match[4]!, 'base64').toString('utf8'),
        Buffer.from(match[5]!, 'base64').toString('utf8'),
      ]),
    ).toEqual(names.map((name, i) => [String(i), String(1000 + i), 'ab'.repeat(32), name, name]));
    // Get-Header builds '^"<name>":"(<pattern>)",$' for each header field.
    const header = (name: string, pattern: string) =>
      lines.map((line) => new RegExp(`^"${name}":"(${pattern})",$`).exec(line)?.[1]).find(Boolean);
    expect(code).toContain(`'^"' + $Name + '":"(' + $Pattern + ')",$'`);
    expect(header('jobId', '[A-Za-z0-9-]*')).toBe('job-12345678');
    expect(header('operation', 'copy|remove')).toBe('copy');
    expect(header('bucket', '[a-z0-9.-]*')).toBe('rushes-media');
    expect(Buffer.from(header('shareRootB64', '[A-Za-z0-9+/=]*')!, 'base64').toString('utf8')).toBe('D:\\Media [edit]');
    for (const [name, pattern] of [
      ['jobId', '[A-Za-z0-9-]*'],
      ['operation', 'copy|remove'],
      ['bucket', '[a-z0-9.-]*'],
      ['shareRootB64', '[A-Za-z0-9+/=]*'],
    ]) {
      expect(code).toContain(`Get-Header '${name}' '${pattern}'`);
    }
    expect(lines[0]).toBe('{"version":1,');
    expect(code).toContain(`$Lines[0] -cne '{"version":1,'`);
  });

  it('checks its arguments as the SSM document’s patterns do', () => {
    const uri = psPattern(/\[regex\]::Match\(\$ManifestUri, '((?:[^']|'')*)'\)/);
    expect(uri.exec('s3://rushes-derived-1a2b/transfers/job-12345678/manifest.json')?.slice(1)).toEqual([
      'rushes-derived-1a2b',
      'transfers/job-12345678/',
    ]);
    for (const bad of [
      "s3://b/x'; reboot/manifest.json",
      's3://Bad/transfers/j/manifest.json',
      'https://x/manifest.json',
      's3://bucket/manifest.json.exe',
    ])
      expect(uri.test(bad), bad).toBe(false);
    const job = psPattern(/\[regex\]::IsMatch\(\$JobId, '((?:[^']|'')*)'\)/);
    expect(job.test('job-12345678')).toBe(true);
    expect(job.test('job-1234567; reboot')).toBe(false);
  });
});
