'use strict';

const buildRequest = require('../helpers/build-request.js');

module.exports = {
  signedRequest: (url, body, signature) => buildRequest(url, body, { 'x-signature': signature })
};
