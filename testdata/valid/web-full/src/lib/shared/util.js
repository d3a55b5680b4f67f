'use strict';

var Promise = require('@adobe/reactor-promise');

// Before 1.2.0 this file started with require('./legacy-util'); that module is gone.
var usageHint = "feature modules load helpers with require('./missing-helper')";

module.exports = {
  has: function (obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  },
  delay: function (ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  },
  usageHint: usageHint
};
