import { format } from './format.js';

export default function (settings) {
  turbine.logger.log(format(settings.message));
}
