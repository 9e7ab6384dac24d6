// The entity view's links and the Check workspace terminal's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVerdict, entityPage, linkSources, plainHtml, terminalText } from '../src/views';

test('source links become command links that open the file at the line', () => {
  const md = '- [002:22](file:///w/corpus/002%20x.txt#L22): text\n[open](file:///w/a.txt) [web](https://example.org/)';
  const arg = (uri: string, line: number) => encodeURIComponent(JSON.stringify([uri, line]));
  assert.equal(
    linkSources(md),
    `- [002:22](command:dossier.openSource?${arg('file:///w/corpus/002%20x.txt', 22)}): text\n` +
      `[open](command:dossier.openSource?${arg('file:///w/a.txt', 1)}) [web](https://example.org/)`,
  );
  // the "more" links of the server stay as they are
  const more = '[… and 2 more](command:dossier.showEntity?%5B%5D)';
  assert.equal(linkSources(more), more);
});

test('the page has no scripts and escapes its title; plain text is escaped', () => {
  const page = entityPage('<Laos>', '<p>x</p>');
  assert.match(page, /<title>&lt;Laos&gt;<\/title>/);
  assert.match(page, /default-src 'none'/);
  assert.doesNotMatch(page, /<script/);
  assert.equal(plainHtml('a <b> & "c"'), '<pre style="white-space: pre-wrap">a &lt;b&gt; &amp; &quot;c&quot;</pre>');
});

test('the terminal gets CRLF line ends and a verdict by exit code', () => {
  assert.equal(terminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  assert.equal(checkVerdict(0), 'dossier check: no problems found.');
  assert.match(checkVerdict(1), /^dossier check found problems \(exit code 1/);
  assert.equal(checkVerdict(2), 'dossier check failed (exit code 2): see the messages above.');
  assert.equal(checkVerdict(null, 'SIGTERM'), 'dossier check was stopped (SIGTERM).');
});
