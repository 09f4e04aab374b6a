// Start a PLC directory and the reference Bluesky PDS on loopback, for tests.
// Usage: node start.js DATA_DIR  (run with NODE_PATH=<cache>/node_modules)
// Prints one JSON line {"pds": url, "plc": url} once both are healthy; SIGTERM stops.
'use strict'
const crypto = require('crypto')
const net = require('net')
const path = require('path')

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
    s.on('error', reject)
  })
}

async function main () {
  const dir = process.argv[2]
  const { PlcServer, Database } = require('@did-plc/server')
  const pdsMod = require('@atproto/pds')
  const plcPort = await freePort()
  const plc = PlcServer.create({ db: Database.mock(), port: plcPort })
  await plc.start()
  const port = await freePort()
  const hex = () => crypto.randomBytes(32).toString('hex')
  Object.assign(process.env, {
    PDS_HOSTNAME: 'localhost',
    PDS_PORT: String(port),
    PDS_DATA_DIRECTORY: dir,
    PDS_BLOBSTORE_DISK_LOCATION: path.join(dir, 'blobs'),
    PDS_REPO_SIGNING_KEY_K256_PRIVATE_KEY_HEX: hex(),
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: hex(),
    PDS_DPOP_SECRET: hex(),
    PDS_JWT_SECRET: hex(),
    PDS_ADMIN_PASSWORD: 'admin-' + hex().slice(0, 16),
    PDS_DID_PLC_URL: `http://localhost:${plcPort}`,
    PDS_INVITE_REQUIRED: 'false',
    PDS_DEV_MODE: 'true',
    PDS_CRAWLERS: '',
    LOG_ENABLED: 'false'
  })
  const env = pdsMod.readEnv()
  const pds = await pdsMod.PDS.create(pdsMod.envToCfg(env), pdsMod.envToSecrets(env))
  await pds.start()
  const stop = async () => {
    try { await pds.destroy() } catch (e) {}
    try { await plc.destroy() } catch (e) {}
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdout.write(JSON.stringify({
    pds: `http://127.0.0.1:${port}`, plc: `http://127.0.0.1:${plcPort}`
  }) + '\n')
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1) })
