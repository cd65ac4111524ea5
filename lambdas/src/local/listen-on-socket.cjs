// Preloaded (`node -r`) into cognito-local: whatever TCP port it asks for, it listens on the
// Unix socket (or Windows named pipe) in RUSHES_LISTEN_SOCKET instead. cognito-local answers
// every call, admin ones included, with no credentials and `Access-Control-Allow-Origin: *`;
// off TCP, no web page can reach it, and only the guard in front of it is exposed.
'use strict';
const net = require('node:net');

const socketPath = process.env.RUSHES_LISTEN_SOCKET;
if (socketPath) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listenOnSocket(...args) {
    const callback = args.find((arg) => typeof arg === 'function');
    return listen.call(this, { path: socketPath }, callback);
  };
}
