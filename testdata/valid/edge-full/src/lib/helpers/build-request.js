'use strict';

const config = require('../shared/config.js');

module.exports = (url, body, headers) => ({
  url,
  method: 'POST',
  timeout: config.timeoutMs,
  headers: Object.assign({ 'user-agent': config.userAgent }, headers),
  body: JSON.stringify(body)
});
