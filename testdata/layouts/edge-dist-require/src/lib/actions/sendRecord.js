'use strict';

// Like Adobe's AWS edge extension: the library requires its own built bundle.
var kinesis = require('../../../dist/kinesis.js');

module.exports = function (context) {
  return kinesis.send(context.arc.event);
};
