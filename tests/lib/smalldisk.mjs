// Disk-full tests: a server whose database folder is a small filesystem of
// its own (a tmpfs mounted for the test), which the test fills and frees.
// Mounting needs root; where it cannot mount, the test is skipped with the
// reason instead of pretending.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './kehu.mjs';

/** Why a small filesystem cannot be mounted here, or null when it can. */
export function smallDiskUnavailable() {
  const probe = mkdtempSync(join(tmpdir(), 'kehu-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `cannot mount a small filesystem here (${String(e.stderr || e.message).trim()})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/**
 * Start a server (startServer options, e.g. demo) with its database on a
 * tmpfs of sizeMB. Extra members on the returned server:
 *   fill()    — write a filler file until the filesystem is full (ENOSPC);
 *   release() — delete the filler;
 *   free()    — bytes available now.
 * stop() also unmounts the filesystem.
 * Use `const why = smallDiskUnavailable(); test('…', { skip: why ?? false }, …)`.
 */
export async function startServerOnSmallDisk({ sizeMB = 32, ...opts } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMB}m,mode=0700`, 'tmpfs', dir]);
  let server;
  try {
    // an SQLite file on the small disk, whichever engine the suite runs on: its subject is a full local disk
    server = await startServer({ ...opts, dir, sqlite: true });
  } catch (e) {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const filler = join(dir, 'filler');
  const stop = server.stop.bind(server);
  server.fill = () => {
    const fd = openSync(filler, 'a');
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    try {
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          if (e.code !== 'ENOSPC') throw e;
          // Fill the last partial chunk too, byte by byte in larger steps.
          for (let n = 32 * 1024; n >= 1; n = Math.floor(n / 2)) {
            try { while (true) writeSync(fd, chunk, 0, n); } catch (e2) { if (e2.code !== 'ENOSPC') throw e2; }
          }
          return;
        }
      }
    } finally {
      closeSync(fd);
    }
  };
  server.release = () => rmSync(filler, { force: true });
  server.free = () => { const s = statfsSync(dir); return s.bavail * s.bsize; };
  server.stop = async (o = {}) => {
    const code = await stop({ ...o, keep: true });
    try { execFileSync('umount', ['-l', dir]); } catch { /* already gone */ }
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    return code;
  };
  return server;
}
