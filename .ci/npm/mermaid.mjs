// Parses every Mermaid file named on the command line with Mermaid's own
// parser and fails on the first that does not parse. Mermaid expects a
// browser; jsdom stands in for the window and document it reads.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    if (!result || result.diagramType !== 'flowchart-v2') {
      throw new Error(`parsed as ${result && result.diagramType}, not a flowchart`);
    }
  } catch (e) {
    failed++;
    console.error(`mermaid: ${file}: ${e.message}`);
  }
}
if (failed > 0) {
  process.exit(1);
}
console.log(`mermaid: ${process.argv.length - 2} diagrams parse`);
