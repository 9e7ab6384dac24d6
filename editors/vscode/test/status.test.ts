import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverMarkdown, parseIndexed, progressStatus } from '../src/status';

test('the end of indexing reads as articles and entities', () => {
  assert.deepEqual(parseIndexed('indexed 5 articles, 4702 entities, 5 signings'), { articles: 5, entities: 4702 });
  assert.deepEqual(parseIndexed('indexed 1 article, 1 entity, 0 signings'), { articles: 1, entities: 1 });
  assert.equal(parseIndexed('read 3/5 files'), undefined);
  assert.equal(parseIndexed(undefined), undefined);
  const s = progressStatus({ kind: 'end', message: 'indexed 5 articles, 4702 entities, 5 signings' });
  assert.equal(s.text, 'Dossier: 5 articles · 4702 entities');
  assert.match(s.tooltip, /5 signings/);
  assert.equal(progressStatus({ kind: 'end', message: 'indexed 1 article, 1 entity, 0 signings' }).text, 'Dossier: 1 article · 1 entity');
  assert.equal(progressStatus({ kind: 'end' }).text, 'Dossier: ready');
});

test('while indexing: a spinner, the percentage, the message in the tooltip', () => {
  const b = progressStatus({ kind: 'begin', title: 'Dossier: indexing the corpus', message: '5 files', percentage: 0 });
  assert.equal(b.text, '$(sync~spin) Dossier: indexing 0%');
  const r = progressStatus({ kind: 'report', message: 'read 3/5 files', percentage: 48 });
  assert.equal(r.text, '$(sync~spin) Dossier: indexing 48%');
  assert.equal(r.tooltip, 'Dossier: indexing the corpus: read 3/5 files');
  assert.equal(progressStatus({ kind: 'report' }).text, '$(sync~spin) Dossier: indexing');
});

test('hover contents of every LSP shape become Markdown', () => {
  assert.equal(hoverMarkdown({ kind: 'markdown', value: '**Laos** (country)' }), '**Laos** (country)');
  assert.equal(hoverMarkdown({ kind: 'plaintext', value: 'a *b*' }), '```text\na *b*\n```');
  assert.equal(hoverMarkdown('plain'), 'plain');
  assert.equal(hoverMarkdown({ language: 'toml', value: 'a = 1' }), '```toml\na = 1\n```');
  assert.equal(hoverMarkdown(['one', { language: 'js', value: 'x' }]), 'one\n\n```js\nx\n```');
});
