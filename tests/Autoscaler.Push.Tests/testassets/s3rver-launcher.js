// Starts s3rver (npm 3.7.1) on 127.0.0.1 and POSTs every bucket event it emits (the real S3 "Records" JSON) to a
// webhook, as an S3-compatible store or a bridge would. Usage:
//   node --openssl-legacy-provider s3rver-launcher.js PORT DIRECTORY BUCKET WEBHOOK_URL BEARER_TOKEN
// Prints "ready" once listening, and "delivered STATUS" after each POST.
'use strict';
const S3rver = require('s3rver');
const [port, directory, bucket, webhook, token] = process.argv.slice(2);
const server = new S3rver({
  port: Number(port),
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
server.on('event', async (event) => {
  try {
    const response = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(event),
    });
    console.log(`delivered ${response.status}`);
  } catch (e) {
    console.log(`delivery failed ${e.message}`);
  }
});
server.run().then(() => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
