import { useProjectContext } from '../../projects/components/ProjectPage';
import { LogsTable } from './LogsTable';

export default function ProjectLogsTab() {
  const { project } = useProjectContext();
  return <LogsTable projectName={project.name} />;
}
