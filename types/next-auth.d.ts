import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface Session {
    user: { id: number; role: Role; sv: number; name: string };
  }
  interface User {
    id: string;
    role: Role;
    sessionVersion: number;
    name: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    role?: Role;
    sv?: number;
  }
}
