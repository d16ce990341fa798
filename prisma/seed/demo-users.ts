// The demo accounts: one per role. Pure data, so browser tests can import it too.
import type { Role } from "../../lib/auth/roles";

export interface SeedUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const DEMO_USERS: SeedUser[] = [
  { email: "annotator@demo.local", name: "Ana Annotator", role: "ANNOTATOR", password: "annotate-demo-1" },
  { email: "researcher@demo.local", name: "Rui Researcher", role: "RESEARCHER", password: "research-demo-1" },
  { email: "lead@demo.local", name: "Lea Lead", role: "LEAD", password: "lead-demo-pass-1" },
  { email: "admin@demo.local", name: "Adam Admin", role: "ADMIN", password: "admin-demo-pass-1" },
];

