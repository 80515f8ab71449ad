/**
 * 物联感知 (/sensors) on the web: the kinds of sensor with their rules (threshold, window, the
 * case an alarm opens and its answers), the devices of the reader's areas with their last
 * reading and open case; the city's administrators edit the rules, register a device at a
 * place picked on the map (its key shown once), rotate its key and disable it. The menu entry
 * is in sensors-nav, the role checks in sensors-roles.
 */
export { SensorsPage } from './sensors-page';
