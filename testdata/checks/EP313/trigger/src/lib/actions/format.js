module.exports.format = function (m) { return String(m); };
