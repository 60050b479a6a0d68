// The widget README's API tables are generated from custom-elements.json (scripts/docs.mjs); this
// fails when they drift from the manifest, i.e. from the class JSDoc. The READMEs' statements about
// the demo's pages, the quick start's script and the link popup are checked against the files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { findElement, manifestPath, readmePath, renderApiTables, updateReadme } from '../scripts/docs.mjs';
import { builtInLocales } from '../packages/widget/src/strings/index.js';

const manifest = () => JSON.parse(readFileSync(manifestPath, 'utf8'));

describe('widget README', () => {
  it('holds the tables generated from custom-elements.json (else run `npm run build && npm run docs`)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    assert.ok(readme.includes(renderApiTables(manifest())), 'packages/widget/README.md is out of date with custom-elements.json');
  });

  it('would be rewritten when the manifest gains an attribute', () => {
    const changed = manifest();
    const element = findElement(changed);
    element.attributes.push({ name: 'made-up', fieldName: 'madeUp', description: 'Not real.' });
    const readme = readFileSync(readmePath, 'utf8');
    assert.notEqual(updateReadme(readme, changed), readme);
    assert.match(renderApiTables(changed), /\| `made-up` \|/);
  });
});

describe('custom-elements.json', () => {
  const element = () => findElement(manifest());
  const names = (list: Array<{ name: string }> | undefined) => (list ?? []).map((entry) => entry.name);

  it('lists every attribute with its property', () => {
    const attributes = element().attributes as Array<{ name: string; fieldName: string }>;
    assert.deepEqual(attributes.map((attribute) => `${attribute.name}=${attribute.fieldName}`).sort(), [
      'actions=actions',
      'base-url=baseUrl',
      'company-id=companyId',
      'link-mode=linkMode',
      'live=live',
      'locale=locale',
      'no-confirm=noConfirm',
      'page-size=pageSize',
      'platform-keys=platformKeys',
      'source-types=sourceTypes',
      'stale-after=staleAfter',
      'theme=theme',
      'token-timeout=tokenTimeout',
      'token-url=tokenUrl',
    ]);
  });

  it('lists the public properties and methods, and nothing private', () => {
    const members = element().members as Array<{ name: string; kind: string; privacy?: string }>;
    for (const name of ['client', 'tokenProvider', 'strings', 'connections', 'refresh', 'link']) assert.ok(names(members).includes(name), name);
    assert.deepEqual(
      members.filter((member) => member.privacy && member.privacy !== 'public'),
      [],
    );
  });

  it('gives the attributes of an alias type as its values', () => {
    const attributes = element().attributes as Array<{ name: string; type?: { text: string } }>;
    const typeOf = (name: string) => attributes.find((attribute) => attribute.name === name)?.type?.text;
    assert.equal(typeOf('theme'), "'light' | 'dark' | 'auto'");
    assert.equal(typeOf('link-mode'), "'popup' | 'redirect'");
  });

  it('lists every event with its detail type spelled out', () => {
    const events = element().events as Array<{ name: string; type?: { text: string } }>;
    assert.deepEqual(
      events.map((event) => `${event.name}: ${event.type?.text}`),
      [
        'codat-ready: CustomEvent<{ connections: readonly ConnectionView[]; totalResults: number }>',
        'codat-link-started: CustomEvent<{ connection: ConnectionView }>',
        'codat-linked: CustomEvent<{ connection: ConnectionView }>',
        'codat-link-cancelled: CustomEvent<{ connection: ConnectionView }>',
        'codat-before-unlink: CustomEvent<{ connection: ConnectionView }>',
        'codat-before-delete: CustomEvent<{ connection: ConnectionView }>',
        'codat-unlinked: CustomEvent<{ connection: ConnectionView }>',
        'codat-deleted: CustomEvent<{ connectionId: string }>',
        'codat-refreshed: CustomEvent<{ connection: ConnectionView }>',
        "codat-changed: CustomEvent<{ connection: ConnectionView; origin: 'remote'; removed: boolean }>",
        'codat-error: CustomEvent<{ error: Error; operation: Operation }>',
      ],
    );
  });

  it('lists the parts, custom properties with defaults, and slots', () => {
    const { cssParts, cssProperties, slots } = element();
    for (const part of [
      'base',
      'header',
      'link-button',
      'picker',
      'list',
      'item',
      'logo',
      'name',
      'status',
      'status-linked',
      'status-pending',
      'status-disconnected',
      'status-expired',
      'status-unknown',
      'freshness-warning',
      'meta',
      'errors',
      'actions',
      'reconnect-button',
      'unlink-button',
      'delete-button',
      'empty',
      'error',
      'retry-button',
      'load-more',
      'load-more-busy',
      'dialog',
    ]) {
      assert.ok(names(cssParts).includes(part), part);
    }
    const properties = cssProperties as Array<{ name: string; default?: string }>;
    for (const name of ['font', 'accent', 'text', 'muted', 'surface', 'border', 'danger', 'success', 'warning', 'radius', 'space']) {
      const property = properties.find((entry) => entry.name === `--codat-${name}`);
      assert.ok(property?.default, `--codat-${name} has a default`);
    }
    assert.deepEqual(names(slots).sort(), ['empty', 'header']);
  });

  it('points at the compiled modules and is referenced by the package', () => {
    const paths = (manifest().modules as Array<{ path: string }>).map((module) => module.path);
    assert.ok(paths.includes('dist/esm/connections.component.js'));
    const pkg = JSON.parse(readFileSync(new URL('../packages/widget/package.json', import.meta.url), 'utf8'));
    assert.equal(pkg.customElements, 'custom-elements.json');
  });
});

const text = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('READMEs', () => {
  it("the widget README, the demo's language select and the demo README name every built-in locale", () => {
    const english = new Intl.DisplayNames('en', { type: 'language' });
    const languages = readFileSync(readmePath, 'utf8').split('## Languages')[1]!.split('\n## ')[0]!;
    const page = readFileSync(new URL('../demo/public/index.html', import.meta.url), 'utf8');
    const select = page.slice(page.indexOf('<select name="locale">'), page.indexOf('</select>', page.indexOf('<select name="locale">')));
    const demoReadme = readFileSync(new URL('../demo/README.md', import.meta.url), 'utf8');
    for (const locale of builtInLocales) {
      const own = new Intl.DisplayNames(locale, { type: 'language' }).of(locale)!;
      const endonym = own.charAt(0).toLocaleUpperCase(locale) + own.slice(1);
      assert.ok(languages.includes(english.of(locale)!), `the widget README's Languages section names ${english.of(locale)}`);
      assert.ok(select.includes(`<option value="${locale}">${endonym}</option>`), `the demo's select offers ${endonym}`);
      assert.ok(demoReadme.includes(endonym), `the demo README names ${endonym}`);
    }
    assert.equal(select.match(/<option /g)?.length, builtInLocales.length, "the demo's select offers the built-in locales only");
  });

  it('the demo README names every example page and every control on the pages', () => {
    const readme = text('demo/README.md');
    const pages = readdirSync(new URL('../demo/public/examples/', import.meta.url)).filter((file) => file.endsWith('.html'));
    assert.ok(pages.length >= 2);
    for (const page of pages) assert.ok(readme.includes(`\`/examples/${page}\``), `/examples/${page}`);
    const index = text('demo/public/index.html');
    const controls = index.slice(index.indexOf('id="controls"'), index.indexOf('</form>', index.indexOf('id="controls"')));
    const labels = [...controls.matchAll(/<label>(?:<input[^>]*>)?\s*([^<(]+?)\s*(?:\(|<)/g)].map((match) => match[1]!);
    const reactLabels = [...text('demo/public/examples/react-app.jsx').matchAll(/<label>\s*([\w ]+?)\{/g)].map((match) => match[1]!.trim());
    assert.deepEqual([...labels, ...reactLabels], ['Theme', 'Language', 'Restyle through CSS parts and custom properties', 'Offer Delete', 'Theme']);
    for (const label of [...labels, 'Clear', 'Events']) assert.ok(readme.includes(`**${label}**`), label);
  });

  it("the root README says where the quick start's script comes from, and that it is not published yet", () => {
    const readme = text('README.md');
    const src = /<script type="module" src="([^"]+)"><\/script>/.exec(readme)?.[1];
    assert.equal(src, '/assets/codat-connections.js');
    assert.ok(readme.includes(`\`${src}\` stands for`), 'the path is explained');
    const pkg = JSON.parse(text('packages/widget/package.json'));
    const built = `packages/widget/${pkg.unpkg.replace('./', '')}`;
    assert.ok(existsSync(new URL(`../${built}`, import.meta.url)), `${built} exists after npm run build`);
    assert.ok(readme.includes(`\`${built}\``));
    // 0.0.0 is the unreleased version: the first changeset makes it 0.1.0, the first version on npm.
    const version = pkg.version === '0.0.0' ? '0.1.0' : pkg.version;
    for (const cdn of ['https://unpkg.com/', 'https://cdn.jsdelivr.net/npm/']) {
      assert.ok(readme.includes(`${cdn}${pkg.name}@${version}/${pkg.unpkg.replace('./', '')}`), cdn);
    }
    assert.match(readme, /not published to npm yet/);
  });

  it('the widget and core READMEs say why the link popup keeps its opener, as the code opens it', () => {
    const widget = text('packages/widget/dist/esm/controllers/link-start.js');
    const core = text('packages/core/dist/link.js');
    // The features each window.open gets: `noopener` would leave the return page without an opener.
    for (const features of [/const popupFeatures = '([^']*)'/.exec(widget)?.[1], /open\(linkUrl, '_blank', '([^']*)'\)/.exec(core)?.[1]]) {
      assert.match(features ?? '', /^popup/);
      assert.doesNotMatch(features ?? '', /noopener|noreferrer/);
    }
    for (const path of ['packages/widget/README.md', 'packages/core/README.md']) {
      const readme = text(path);
      assert.match(readme, /without `noopener`/, path);
      assert.match(readme, /codat-return\.html/, path);
      assert.match(readme, /page's own\s+origin/, path);
    }
  });
});
