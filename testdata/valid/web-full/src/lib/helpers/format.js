'use strict';

var util = require('../shared/util.js');
var labels = require('./labels.json');

module.exports = {
  timestamp: function (date) {
    return date.toISOString();
  },
  label: function (key) {
    return util.has(labels, key) ? labels[key] : key;
  }
};
