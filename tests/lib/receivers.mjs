// Loopback receivers for the outbox's tests: a minimal SMTP server and an HTTP webhook receiver.
// Both record what they received; the webhook receiver checks each robot's signature itself.
import net from 'node:net';
import http from 'node:http';
import { createHmac } from 'node:crypto';

/** Decode "=?UTF-8?B?…?=" words of a header value. */
function decodeWords(v) {
  return v.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

/** Parse an RFC 5322 message with a base64 text body. */
export function parseMail(raw) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = rest.join('\r\n\r\n');
  const text = /base64/i.test(headers['content-transfer-encoding'] || '')
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : body;
  return { headers, subject: decodeWords(headers.subject || ''), text };
}

/** An SMTP server on 127.0.0.1 that accepts every message. */
export async function smtpServer() {
  const mails = [];
  const server = net.createServer((sock) => {
    let buf = '';
    let inData = false;
    let from = '';
    let rcpt = [];
    sock.write('220 kehu-test ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buf.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buf = buf.slice(end + 5);
          inData = false;
          mails.push({ from, rcpt, raw, ...parseMail(raw) });
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250-kehu-test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { from = line.replace(/^MAIL FROM:\s*/i, ''); rcpt = []; sock.write('250 OK\r\n'); }
        else if (verb === 'RCPT') { rcpt.push(line.replace(/^RCPT TO:\s*/i, '')); sock.write('250 OK\r\n'); }
        else if (verb === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { port: server.address().port, mails, close: () => new Promise((res) => server.close(res)) };
}

const b64hmac = (key, msg) => createHmac('sha256', key).update(msg).digest('base64');

/**
 * A webhook receiver: every request is recorded with its path, query, headers and JSON body, and
 * with `signatureOk` when the secret of its path (secrets: {'/dingtalk': 's…'}) signs it as that
 * robot does. Answers as the robots do ({"errcode":0} / {"code":0}). port: a fixed port (a
 * receiver started again where one was down).
 */
export async function webhookServer({ secrets = {}, port = 0 } = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      const path = url.pathname;
      let body = null;
      try { body = JSON.parse(raw); } catch { body = null; }
      const secret = secrets[path];
      let signatureOk = null;
      if (secret && path.startsWith('/dingtalk')) {
        const ts = url.searchParams.get('timestamp');
        signatureOk = url.searchParams.get('sign') === b64hmac(secret, `${ts}\n${secret}`);
      } else if (secret && path.startsWith('/feishu')) {
        signatureOk = body && body.sign === createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64');
      } else if (secret && path.startsWith('/hook')) {
        const ts = req.headers['x-kehu-timestamp'];
        const want = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
        signatureOk = req.headers['x-kehu-signature'] === want;
      }
      hits.push({ path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, raw, signatureOk });
      res.setHeader('content-type', 'application/json');
      if (path.startsWith('/feishu')) res.end(JSON.stringify({ code: signatureOk === false ? 19021 : 0, msg: signatureOk === false ? 'sign match fail' : 'success' }));
      else if (path.startsWith('/refuse')) res.end(JSON.stringify({ errcode: 310000, errmsg: 'keywords not in content' }));
      else res.end(JSON.stringify({ errcode: signatureOk === false ? 310000 : 0, errmsg: signatureOk === false ? 'sign not match' : 'ok' }));
    });
  });
  await new Promise((res) => server.listen(port, '127.0.0.1', res));
  return { port: server.address().port, hits, close: () => new Promise((res) => server.close(res)) };
}

/** A port nothing listens on (taken and let go). */
export async function freePort() {
  const s = net.createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}
