'use strict';

var util = require('../shared/util.js');
var state = { purposes: {} };

module.exports = {
  grant: function (purpose) {
    state.purposes[purpose] = true;
  },
  isGranted: function (purpose) {
    return util.has(state.purposes, purpose) && state.purposes[purpose];
  }
};
