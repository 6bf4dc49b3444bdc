import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(join(dir, name));
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [join(dir, name)] : [];
  });
}

/** Layer of a repo-relative path, e.g. 'src/connectors/intacct/x.ts' -> 'connectors'. */
function layer(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts[1] ?? 'src';
  return parts[0] ?? '';
}

function importsOf(file: string): { target: string; layer: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: { target: string; layer: string }[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
      found.push({ target, layer: layer(target) });
    } else {
      found.push({ target: spec, layer: `pkg:${spec}` });
    }
  }
  return found;
}

/** Which layers each layer may import (ARCHITECTURE.md §1). Packages are allowed unless listed in FORBIDDEN_PACKAGES. */
const ALLOWED: Record<string, string[]> = {
  domain: ['domain'],
  platform: ['platform'],
  core: ['core', 'domain', 'platform'],
  governance: ['governance', 'core', 'domain', 'platform'],
  connectors: ['connectors', 'domain', 'core', 'platform'],
  sandbox: ['sandbox', 'domain', 'platform'],
  tools: ['tools', 'governance', 'core', 'domain', 'platform'],
  server: ['server', 'audit', 'tools', 'governance', 'core', 'connectors', 'sandbox', 'domain', 'platform'],
  cli: ['cli', 'audit', 'server', 'tools', 'governance', 'core', 'connectors', 'sandbox', 'domain', 'platform'],
};

describe('dependency direction', () => {
  const files = ['src', 'tools', 'audit'].flatMap(sourceFiles);

  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('keeps every layer to the imports ARCHITECTURE.md allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layer(file);
      for (const imp of importsOf(file)) {
        if (imp.layer.startsWith('pkg:')) {
          if (imp.target.startsWith('@modelcontextprotocol/sdk') && from !== 'server') violations.push(`${file} imports the MCP SDK (only src/server may)`);
          continue;
        }
        if (from === 'audit') {
          if (!imp.target.startsWith('audit/schema') && !imp.target.startsWith(dirname(file))) violations.push(`${file} -> ${imp.target}`);
          continue;
        }
        if (from === 'connectors' && imp.target.startsWith('src/core/') && !imp.target.startsWith('src/core/ports')) {
          violations.push(`${file} -> ${imp.target} (connectors may use core/ports only)`);
        }
        const allowed = ALLOWED[from];
        if (allowed && !allowed.includes(imp.layer)) violations.push(`${file} -> ${imp.target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('never lets an emulator import the connector it emulates for', () => {
    const bad = sourceFiles('src/sandbox').flatMap((f) => importsOf(f).filter((i) => i.target.startsWith('src/connectors')).map((i) => `${f} -> ${i.target}`));
    expect(bad).toEqual([]);
  });
});
