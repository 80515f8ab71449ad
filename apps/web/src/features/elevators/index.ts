export { ElevatorsPage } from './elevators-page';
export { ElevatorProjectPage } from './project-page';
export { ElevatorBoardPage } from './board-page';
export { MyElevatorsCard, ResidentElevatorPage } from './resident-elevator';
export { canOpenElevatorBoard, canOpenElevators } from './elevator-roles';
