/**
 * 志愿服务 for staff. Its pages load on demand through `volunteerRoutes` (volunteers, teams,
 * activities with the roster, the organiser's code screen, 派志愿者, rankings) and its menu
 * group is `volunteersMenuGroup`; the pieces other features use stay small: the availability
 * week (the residents' phone too), the figures card (the committee's one screen), the
 * 派志愿者 button (a case, a topic board), the skills dictionary.
 */
export { volunteerRoutes } from './volunteers-routes';
export { volunteersMenuGroup } from './volunteers-nav';
export { AvailabilityGrid, type AvailabilityGridProps } from './availability-grid';
export { VolunteerFiguresCard } from './volunteer-figures-card';
export { VolunteerDispatchLink } from './dispatch-link';
export { useSkills, skillName, SkillSelect, SkillTags } from './skills';
export { canDispatchVolunteers, canManageVolunteers } from './volunteer-roles';
export { toHours, shanghaiSlot } from './volunteer-rules';
