import { useProjectContext } from '../../projects/components/ProjectPage';
import { RobotsPanel } from './RobotsPanel';

export default function ProjectRobotsTab() {
  const { project, canManage } = useProjectContext();
  return (
    <RobotsPanel
      scope={{ level: 'project', projectId: project.project_id, projectName: project.name }}
      canManage={canManage}
    />
  );
}
