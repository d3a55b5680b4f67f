'use strict';

module.exports = {
  userAgent: 'extpack-edge-full/2.0.1',
  timeoutMs: 2000
};
