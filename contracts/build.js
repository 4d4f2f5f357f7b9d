#!/usr/bin/env node
// Compiles contracts/src/**/*.sol with solc-js (pinned, installed under .tools by
// `make contracts`) and writes one artifact per deployable contract to
// contracts/build/<Name>.json. The output is deterministic: re-running on the same
// sources produces byte-identical files, so `git diff` shows only real changes.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const SOLC_VERSION = '0.8.28';
const EVM_VERSION = 'cancun';
const OPTIMIZER = { enabled: true, runs: 200 };

// Interfaces and abstract contracts have no bytecode and get no artifact, except
// these: their ABI is worth a Go binding on its own (any ERC-20 token).
const BINDING_ONLY = new Set(['IERC20']);

const SOURCES_FILE = 'sources.sha256';

const root = __dirname;
const srcDir = path.join(root, 'src');
const outDir = path.join(root, 'build');

function die(msg) {
  process.stderr.write(`contracts/build.js: ${msg}\n`);
  process.exit(1);
}

function loadSolc() {
  const local = path.join(root, '..', '.tools', 'node_modules', 'solc');
  let solc;
  try {
    solc = require(local);
  } catch (e) {
    die(`solc ${SOLC_VERSION} not found under .tools; run \`make contracts\` (it installs it)`);
  }
  const got = solc.version();
  if (!got.startsWith(SOLC_VERSION + '+')) {
    die(`solc ${got} found, ${SOLC_VERSION} required; remove .tools and run \`make contracts\``);
  }
  return solc;
}

// Source unit names are paths relative to contracts/ with forward slashes, so the
// metadata hash embedded in the bytecode does not depend on where the repo lives.
function collectSources(dir, acc) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      collectSources(full, acc);
    } else if (entry.name.endsWith('.sol')) {
      const unit = path.relative(root, full).split(path.sep).join('/');
      acc[unit] = { content: fs.readFileSync(full, 'utf8') };
    }
  }
  return acc;
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Recursively sorts object keys; arrays keep their order (the ABI order is solc's).
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort(cmp)) out[k] = canonical(value[k]);
    return out;
  }
  return value;
}

// Finds every contract definition with its kind, so libraries, interfaces and
// abstract contracts can be told apart from deployable contracts.
function contractKinds(output) {
  const kinds = {};
  for (const [unit, src] of Object.entries(output.sources || {})) {
    for (const node of (src.ast && src.ast.nodes) || []) {
      if (node.nodeType === 'ContractDefinition') {
        kinds[`${unit}:${node.name}`] = node.abstract ? 'abstract' : node.contractKind;
      }
    }
  }
  return kinds;
}

function main() {
  const solc = loadSolc();
  const sources = collectSources(srcDir, {});
  if (Object.keys(sources).length === 0) die(`no .sol files under ${path.relative(process.cwd(), srcDir)}`);

  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: OPTIMIZER,
      outputSelection: {
        '*': {
          '': ['ast'],
          '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'],
        },
      },
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (p) => ({ error: `import "${p}" is outside contracts/src; only local sources are allowed` }),
    }),
  );

  const diags = output.errors || [];
  for (const d of diags) process.stderr.write((d.formattedMessage || d.message) + '\n');
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) die(`${errors.length} compiler error(s); no artifacts written`);

  const kinds = contractKinds(output);
  const artifacts = {};
  for (const [unit, contracts] of Object.entries(output.contracts || {})) {
    for (const [name, c] of Object.entries(contracts)) {
      const kind = kinds[`${unit}:${name}`];
      const deployable = kind === 'contract';
      if (!deployable && !BINDING_ONLY.has(name)) continue;
      if (artifacts[name]) die(`two contracts named ${name} (${artifacts[name].unit} and ${unit}); names must be unique`);
      const bytecode = '0x' + c.evm.bytecode.object;
      if (deployable && bytecode === '0x') die(`${unit}:${name} compiled to empty bytecode`);
      if (bytecode.includes('__$')) die(`${unit}:${name} needs library linking; make its libraries internal`);
      artifacts[name] = {
        unit,
        body: {
          contractName: name,
          abi: c.abi,
          bytecode,
          deployedBytecode: '0x' + c.evm.deployedBytecode.object,
          compiler: { version: solc.version(), evmVersion: EVM_VERSION, optimizer: OPTIMIZER },
        },
      };
    }
  }
  if (Object.keys(artifacts).length === 0) die('no deployable contracts found');

  fs.mkdirSync(outDir, { recursive: true });
  const keep = new Set();
  for (const name of Object.keys(artifacts).sort(cmp)) {
    const file = `${name}.json`;
    keep.add(file);
    fs.writeFileSync(path.join(outDir, file), JSON.stringify(canonical(artifacts[name].body), null, 2) + '\n');
  }
  // Artifacts of contracts that no longer exist would keep stale bindings alive.
  for (const file of fs.readdirSync(outDir)) {
    if (file.endsWith('.json') && !keep.has(file)) fs.unlinkSync(path.join(outDir, file));
  }
  // What the artifacts were built from, in `sha256sum -c` format: a Go test
  // compares it with src/ so CI notices sources changed without a rebuild.
  const manifest = Object.keys(sources)
    .sort(cmp)
    .map((unit) => `${crypto.createHash('sha256').update(sources[unit].content).digest('hex')}  ${unit}\n`)
    .join('');
  fs.writeFileSync(path.join(outDir, SOURCES_FILE), manifest);
  process.stdout.write(`contracts: ${keep.size} artifacts in ${path.relative(process.cwd(), outDir) || '.'}\n`);
}

main();
