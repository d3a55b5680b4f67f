(function(){/* built view script */})();
