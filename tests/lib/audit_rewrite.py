# The attacker's script of the audit tests (R-SEC-10): remove some entries,
# number the rest 1..n again, hash each with BLAKE2b-256 over the chain's
# row format (audit_store.c hash_row) -- unkeyed, with a key given in hex, or
# with the audit subkey derived from a kehu.key as libsodium's crypto_kdf
# does -- and move the head.
# argv: db, mode (none | hex:<key> | master:<kehu.key path>), ids to remove (comma-separated).
import sqlite3, hashlib, struct, sys
db, mode, drop = sys.argv[1], sys.argv[2], set(int(x) for x in sys.argv[3].split(',') if x)
key = b''
if mode.startswith('hex:'):
    key = bytes.fromhex(mode[4:])
elif mode.startswith('master:'):
    master = bytes.fromhex(open(mode[7:]).read().strip())
    key = hashlib.blake2b(b'', digest_size=32, key=master, salt=struct.pack('<Q', 1) + bytes(8),
                          person=b'kehuaudt' + bytes(8)).digest()
con = sqlite3.connect(db)
cols = 'at, coalesce(actor_id, 0), actor_name, address, action, target_type, target_id, detail'
rows = [r for r in con.execute('SELECT id, ' + cols + ', actor_id FROM audit_log ORDER BY id') if r[0] not in drop]
con.execute('DELETE FROM audit_log')
prev = '0' * 64
for i, r in enumerate(rows, 1):
    at, actor, parts = r[1], r[2], [prev] + [str(x) for x in r[3:9]]
    msg = '%d|%d|%d|' % (i, at, actor) + ''.join('%d:%s|' % (len(p.encode()), p) for p in parts)
    h = hashlib.blake2b(msg.encode(), digest_size=32, key=key).hexdigest()
    con.execute('INSERT INTO audit_log (id, at, actor_id, actor_name, address, action, target_type, target_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                (i, at, r[9]) + tuple(r[3:9]) + (prev, h))
    prev = h
con.execute('UPDATE audit_head SET last_id = ?, last_hash = ?, entries = ?', (len(rows), prev, len(rows)))
con.commit()
