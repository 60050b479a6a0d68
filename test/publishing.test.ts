// The four packages can be published as they are. `npm publish --dry-run` of each
// succeeds with public access and uploads its LICENSE, README, CHANGELOG and build, and neither
// sources nor tests; the manifests say where the code lives and which Node runs it; the packages
// depend on one another by caret ranges; the root's `engines` is what every installed dev tool
// accepts; Changesets keeps the four at one version and publishes them publicly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { npm, publishable, root } from './helpers/npm.js';

const manifest = (folder: string) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
const license = readFileSync(join(root, 'LICENSE'), 'utf8');

/** Every file an exports map points at, `./` taken off. */
function exportedFiles(exports: Record<string, unknown>): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(targets) : [];
  return [...new Set(Object.values(exports).flatMap(targets))].map((target) => target.replace(/^\.\//, ''));
}

describe('npm publish --dry-run', () => {
  for (const name of publishable) {
    it(`@codat-connections/${name} would be published with public access, with its LICENSE, README, CHANGELOG and build, and no sources or tests`, async () => {
      const pkg = manifest(`packages/${name}`);
      const { code, stdout, stderr } = await npm(['publish', '--dry-run', '--json', '--workspace', `packages/${name}`]);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /with tag latest and public access \(dry-run\)/);
      const report = JSON.parse(stdout)[pkg.name] as { files: Array<{ path: string }> };
      const files = report.files.map((file) => file.path);
      for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', ...exportedFiles(pkg.exports)]) {
        assert.ok(files.includes(file), `${file} is in the tarball`);
      }
      if (pkg.bin)
        for (const file of Object.values<string>(pkg.bin)) assert.ok(files.includes(file.replace(/^\.\//, '')), `the command ${file} is in the tarball`);
      const unwanted = files.filter((file) => /^(src|test)\/|\.test\.|\.tsbuildinfo$|\.d\.ts\.map$/.test(file));
      assert.deepEqual(unwanted, [], 'no sources, tests, build state or declaration maps');
      assert.ok(
        files.every((file) => /^(dist|bin)\/|^[^/]+$/.test(file)),
        `only dist/, bin/ and top-level files: ${files.filter((file) => file.includes('/')).join(', ')}`,
      );
    });
  }
});

describe('package metadata', () => {
  it('the root LICENSE is MIT, by the codat-connections contributors, and each package ships the same text', () => {
    assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} codat-connections contributors\n/);
    for (const name of publishable) assert.equal(readFileSync(join(root, 'packages', name, 'LICENSE'), 'utf8'), license, `packages/${name}/LICENSE`);
  });

  for (const name of publishable) {
    it(`@codat-connections/${name} says what it is, where its code and issues live, and that it is public`, () => {
      const pkg = manifest(`packages/${name}`);
      assert.equal(pkg.license, 'MIT');
      assert.ok(pkg.description && pkg.keywords?.length > 0, 'description and keywords');
      assert.deepEqual(pkg.repository, { type: 'git', url: 'git+https://github.com/codat-connections/codat-connections.git', directory: `packages/${name}` });
      assert.match(pkg.homepage, new RegExp(`^https://github\\.com/codat-connections/codat-connections/tree/main/packages/${name}#readme$`));
      assert.equal(pkg.bugs?.url, 'https://github.com/codat-connections/codat-connections/issues');
      assert.deepEqual(pkg.publishConfig, { access: 'public' });
      assert.ok(!pkg.private, 'not private');
      for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md']) assert.ok(pkg.files.includes(file) && existsSync(join(root, 'packages', name, file)), file);
      assert.match(readFileSync(join(root, 'packages', name, 'CHANGELOG.md'), 'utf8'), new RegExp(`^# ${pkg.name}\n`));
    });
  }

  it('the root and the demo stay private', () => {
    assert.equal(manifest('.').private, true);
    assert.equal(manifest('demo').private, true);
  });

  it('every dependency on a package of this repository is a caret range that the package in the repository satisfies', () => {
    const versions = new Map(publishable.map((name) => [manifest(`packages/${name}`).name as string, manifest(`packages/${name}`).version as string]));
    let checked = 0;
    for (const folder of [...publishable.map((name) => `packages/${name}`), 'demo']) {
      const pkg = manifest(folder);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
        for (const [dependency, range] of Object.entries<string>(pkg[field] ?? {})) {
          if (!versions.has(dependency)) continue;
          checked += 1;
          assert.match(range, /^\^\d+\.\d+\.\d+$/, `${folder} ${field}: ${dependency}@${range} is a caret range`);
          assert.ok(semver.satisfies(versions.get(dependency)!, range), `${dependency}@${versions.get(dependency)} satisfies ${range}`);
        }
      }
    }
    assert.ok(checked >= 5, `the widget's and the demo's dependencies were checked (${checked})`);
  });
});

/** The `engines.node` of every package installed under `folder`, nested ones too. */
function installedEngines(folder: string): Array<{ name: string; version: string; node: string }> {
  const found: Array<{ name: string; version: string; node: string }> = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(modules, entry.name);
      if (entry.name.startsWith('@')) {
        walk(path);
        continue;
      }
      const file = join(path, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8'));
        if (typeof pkg.engines?.node === 'string') found.push({ name: pkg.name, version: pkg.version, node: pkg.engines.node });
      }
      walk(join(path, 'node_modules'));
    }
  };
  walk(join(folder, 'node_modules'));
  return found;
}

describe('engines', () => {
  it("the root's engines (for contributors) is a range every installed dev tool and dependency accepts, and this Node is in it", () => {
    const pkg = manifest('.');
    const range = pkg.engines.node as string;
    assert.equal(pkg.devEngines.runtime.name, 'node');
    assert.equal(pkg.devEngines.runtime.version, range, 'devEngines and engines say the same');
    assert.ok(semver.satisfies(process.versions.node, range), `Node ${process.versions.node} is in ${range}`);
    const installed = installedEngines(root);
    assert.ok(installed.length > 100, `${installed.length} installed packages declare engines.node`);
    const refusing = installed.filter((tool) => !semver.subset(range, tool.node));
    assert.deepEqual(
      refusing.map((tool) => `${tool.name}@${tool.version} wants ${tool.node}`),
      [],
      `every installed package runs on ${range}`,
    );
  });

  it('the check above catches a tool that needs Node 22', () => {
    assert.equal(semver.subset('^20.19.0 || ^22.13.0 || >=24', '>=22.0.0'), false);
  });

  for (const name of publishable) {
    it(`@codat-connections/${name} asks for no older Node than its dependencies do`, () => {
      const pkg = manifest(`packages/${name}`);
      const range = pkg.engines?.node as string;
      assert.ok(semver.validRange(range), `engines.node is a range: ${range}`);
      assert.ok(semver.satisfies(process.versions.node, range), `the tests' Node ${process.versions.node} is in ${range}`);
      for (const dependency of Object.keys(pkg.dependencies ?? {})) {
        const needs = manifest(`node_modules/${dependency}`).engines?.node;
        if (needs) assert.ok(semver.subset(range, needs), `${dependency} wants ${needs}; ${name} says ${range}`);
      }
    });
  }
});

describe('Changesets', () => {
  const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));

  it('publishes with public access and keeps the four packages at one version', () => {
    assert.equal(config.access, 'public');
    assert.deepEqual([...config.fixed[0]].sort(), publishable.map((name) => `@codat-connections/${name}`).sort());
    assert.equal(config.privatePackages.version, false);
  });

  it('there is a pending changeset for the first release', () => {
    const changesets = readdirSync(join(root, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
    assert.ok(changesets.length > 0 || publishable.every((name) => manifest(`packages/${name}`).version !== '0.0.0'), 'a changeset, or a released version');
  });
});
