'use strict';
// Handlers used to be loaded with require(name); now each is required by literal.
var message = 'do not write require(name)';
module.exports = function () { return message; };
