// Text made safe to put inside SVG/XML markup (element text or an attribute value): the five
// characters XML gives meaning to become numeric character references. Kept alone, with no
// imports, so whatever draws text in SVG (annotation exports, burned-in labels, the compose
// worker's captions) can use it without loading anything else.
export const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
