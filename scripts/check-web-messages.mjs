#!/usr/bin/env node
// Checks every message of the web UI in both languages: the shared
// web/src/i18n/{zh-CN,en}.js and each capability's web/src/views/<area>/module.js
// `messages`. Every key must exist in both languages with a non-empty text, and
// the English text must hold no CJK character (Chinese reaches an English text
// only as a placeholder, e.g. "{name}"). A few keys are Chinese on purpose in
// both languages (ALLOW). Every other source file of web/src (.vue, .js) must
// hold no Chinese outside comments: a text shown to users comes from the
// messages, in the UI language. Prints each violation; exits 1 if any.
// Usage: node scripts/check-web-messages.mjs [--list]
import { readdirSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
// Keys that are Chinese on purpose in both languages.
// the brand ("客户 Kehu"), and the language switch naming Chinese in its own script ("中文").
const ALLOW = new Set(['app.name', 'lang.zh']);

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

async function load(file) {
  return import(pathToFileURL(file).href);
}

async function sources() {
  const list = [];
  const zh = (await load(join(root, 'web/src/i18n/zh-CN.js'))).default;
  const en = (await load(join(root, 'web/src/i18n/en.js'))).default;
  list.push({ where: 'web/src/i18n', zh, en });
  const views = join(root, 'web/src/views');
  for (const area of readdirSync(views).sort()) {
    const file = join(views, area, 'module.js');
    if (!existsSync(file)) continue;
    const m = await load(file);
    if (!m.messages) continue;
    list.push({ where: `web/src/views/${area}/module.js`, zh: m.messages['zh-CN'], en: m.messages.en });
  }
  return list;
}

const bad = [];
let count = 0;
for (const { where, zh, en } of await sources()) {
  const z = flatten(zh, '', new Map());
  const e = flatten(en, '', new Map());
  for (const [k, v] of z) {
    count += 1;
    if (!e.has(k)) bad.push(`${where}: ${k}: no English text`);
    if (typeof v !== 'string' || !v.trim()) bad.push(`${where}: ${k}: empty zh-CN text`);
  }
  for (const [k, v] of e) {
    if (!z.has(k)) bad.push(`${where}: ${k}: no zh-CN text`);
    if (typeof v !== 'string' || !v.trim()) bad.push(`${where}: ${k}: empty English text`);
    else if (CJK.test(v) && !ALLOW.has(k)) bad.push(`${where}: ${k}: Chinese in the English text: ${JSON.stringify(v)}`);
    if (process.argv.includes('--list')) console.log(`${where}: ${k}: ${z.get(k)} | ${v}`);
  }
}
// Chinese written straight into a component or script, outside the message files:
// characters, and the punctuation an English page would show (、，。：；（）【】「」).
const HANZI = /[\u3400-\u4dbf\u4e00-\u9fff\u3001\u3002\u300c\u300d\u3010\u3011\uff08\uff09\uff0c\uff1a\uff1b]/;
function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(vue|js)$/.test(name)) out.push(p);
  }
  return out;
}
const web = join(root, 'web/src');
for (const file of sourceFiles(web)) {
  const rel = file.slice(root.length + 1);
  if (rel.startsWith('web/src/i18n/') || /\/(messages|module)\.js$/.test(rel)) continue;
  const text = readFileSync(file, 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  text.split('\n').forEach((line, i) => {
    if (HANZI.test(line)) bad.push(`${rel}: Chinese outside the messages (line ~${i + 1}): ${line.trim().slice(0, 80)}`);
  });
}
for (const b of bad) console.log(b);
console.log(`web messages: ${count} checked, ${bad.length} wrong`);
process.exit(bad.length ? 1 : 0);
