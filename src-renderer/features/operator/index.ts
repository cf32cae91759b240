/** Operator mode: the schedule worked through by hand on the Night page. */
export { OperatorPanels } from './OperatorPanel';
