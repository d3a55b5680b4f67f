'use strict';

// Like Adobe's core extension: a vendored library required from node_modules by path.
var postscribe = require('../../../node_modules/postscribe/dist/postscribe.js');

module.exports = function (settings) {
  postscribe(document.body, settings.html);
};
