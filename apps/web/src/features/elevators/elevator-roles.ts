import {
  ELEVATOR_BOARD_ROLES,
  ELEVATOR_STAFF_ROLES,
  ELEVATOR_TARGET_ROLES,
  ELEVATOR_VIEWER_ROLES,
  type Me,
} from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 加装电梯 in the console (apart from the pages, so the menu and the router read it
 * without loading them): committee staff run projects, street and district operators read them
 * and see the board. The server checks every call.
 */
export const canOpenElevators = (me: Me) => hasAnyRole(me, ELEVATOR_VIEWER_ROLES);
export const canRunElevators = (me: Me) => hasAnyRole(me, ELEVATOR_STAFF_ROLES);
export const canOpenElevatorBoard = (me: Me) => hasAnyRole(me, ELEVATOR_BOARD_ROLES);
export const canSetElevatorTargets = (me: Me) => hasAnyRole(me, ELEVATOR_TARGET_ROLES);
