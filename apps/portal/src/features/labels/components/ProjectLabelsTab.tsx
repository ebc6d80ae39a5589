import { useProjectContext } from '../../projects/components/ProjectPage';
import { LabelsPanel } from './LabelsPanel';

export default function ProjectLabelsTab() {
  const { project, canManage } = useProjectContext();
  return <LabelsPanel scope={{ scope: 'p', projectId: project.project_id }} canManage={canManage} />;
}
