import { UsersAdmin } from "@/components/admin/users-admin";

export default function Page() {
  return <UsersAdmin />;
}
