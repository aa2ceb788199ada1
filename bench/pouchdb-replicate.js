// bench/pouchdb-replicate.js
// SPDX-License-Identifier: GPL-3.0-or-later
//
// PouchDB's own replication from one database of a server to another, for
// mc-bench-sync's comparison:  node pouchdb-replicate.js SOURCE_URL TARGET_URL BATCH
// (NODE_PATH: the node_modules folder that pouchdb-server was installed into).
'use strict';

const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

const [source, target, batch] = process.argv.slice(2);
const start = process.hrtime.bigint();

PouchDB.replicate(source, target, { batch_size: Number(batch || 500) })
  .then((result) => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({
      seconds,
      docs_read: result.docs_read,
      docs_written: result.docs_written,
      doc_write_failures: result.doc_write_failures,
    }));
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
