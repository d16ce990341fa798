import { redirect } from "next/navigation";

export const metadata = { title: "Administration" };

export default function AdminIndex() {
  redirect("/admin/users");
}
