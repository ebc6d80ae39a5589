import { useQuery } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { Forbidden } from '../../../components/States';
import { currentUserQuery } from '../queries';

/** Administration routes: system admins only; anyone else who follows a link gets the 403 page. */
export default function AdminArea() {
  const user = useQuery(currentUserQuery());
  // HarborLayout's guard has already loaded the user.
  if (user.data?.sysadmin_flag !== true) return <Forbidden />;
  return <Outlet />;
}
