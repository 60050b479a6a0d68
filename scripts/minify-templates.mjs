// A rollup plugin that shrinks the static text of Lit's `css` and `html` tagged templates, which
// terser leaves as they are: CSS loses comments and the spaces around its punctuation; HTML loses
// line breaks and indentation (a run of whitespace with a line break becomes one space, which
// renders the same outside <pre> and <textarea>, which the templates do not use).
import MagicString from 'magic-string';

const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');

const minifyHtml = (text) => text.replace(/\s*\n\s*/g, ' ');

/** @param {{ include?: RegExp }} [options] modules to rewrite (by id); all by default. */
export function minifyTemplates({ include = /./ } = {}) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!include.test(id) || !/\b(css|html)\s*`/.test(code)) return null;
      const source = new MagicString(code);
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && ['css', 'html'].includes(node.tag.name)) {
          const minify = node.tag.name === 'css' ? minifyCss : minifyHtml;
          const { quasis } = node.quasi;
          for (const quasi of quasis) {
            // Raw text contains no backtick or `${`, so minified text stays a valid template part.
            const raw = quasi.value.raw;
            let minified = minify(raw);
            if (quasis.length === 1 && node.tag.name === 'css') minified = minified.trim();
            if (minified !== raw) source.overwrite(quasi.start, quasi.end, minified);
          }
        }
        for (const key of Object.keys(node)) {
          const value = node[key];
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object' && key !== 'loc') visit(value);
        }
      };
      visit(this.parse(code));
      if (!source.hasChanged()) return null;
      return { code: source.toString(), map: source.generateMap({ hires: true }) };
    },
  };
}
