// A rollup plugin that shrinks the static text of Lit's `css` and `html` tagged templates, which
// terser leaves as they are: CSS loses comments and the spaces around its punctuation; HTML loses
// line breaks and indentation (see `minifyHtml`; the templates use no <pre> or <textarea>).
import MagicString from 'magic-string';

const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    // Spaces around `*` and `/` are optional in calc() and in the slash syntax; zeros before a point too.
    .replace(/\s*([*/])\s*/g, '$1')
    .replace(/([^\d.])0\.(\d)/g, '$1.$2');

// Whitespace with a line break between two tags, or before a tag's closing `>`, is dropped (the
// templates put such breaks only between block, flex or grid children); elsewhere it becomes one space.
const minifyHtml = (text) =>
  text
    .replace(/>\s*\n\s*</g, '><')
    .replace(/\s*\n\s*(\/?>)/g, '$1')
    .replace(/\s*\n\s*/g, ' ');

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
