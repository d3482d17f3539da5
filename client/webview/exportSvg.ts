// A stand-alone copy of the drawn SVG: the theme's colours come from CSS variables that do not
// exist outside the webview, so each element's computed paint is written onto the copy as SVG
// presentation attributes (a style attribute would be inline style, which the page's CSP forbids).
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'visibility',
];

export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const target = [copy, ...Array.from(copy.querySelectorAll('*'))];
  source.forEach((node, i) => {
    const style = getComputedStyle(node);
    const out = target[i];
    for (const p of PROPS) {
      const value = style.getPropertyValue(p);
      if (value) out.setAttribute(p, value);
    }
    out.removeAttribute('tabindex');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy) + '\n';
}
