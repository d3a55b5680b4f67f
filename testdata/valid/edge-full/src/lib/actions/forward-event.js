'use strict';

const buildRequest = require('../helpers/build-request');
const headers = require('../shared/headers.json');

module.exports = async ({ arc, utils }) => {
  const { endpoint, apiKey } = utils.getExtensionSettings();
  const { path, mapBody } = utils.getSettings();
  const body = mapBody ? mapBody(arc.event) : arc.event;
  const request = buildRequest(endpoint + path, body, Object.assign({ 'x-api-key': apiKey }, headers));
  return utils.fetch(request.url, request);
};
