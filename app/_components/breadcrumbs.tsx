import Link from "next/link";

export type Crumb = { href: string; label: string };

/**
 * Where a page stands, the same on every instructor page: Classes → the class → the assignment → the page,
 * each earlier step a link and the last one the page itself, every step capitalised as a name.
 */
export function Breadcrumbs({ trail, here, className }: { trail: Crumb[]; here: string; className?: string }) {
  return (
    <p className={className ? `breadcrumbs ${className}` : "breadcrumbs"}>
      {trail.map((crumb) => (
        <span key={crumb.href}>
          <Link href={crumb.href}>{crumb.label}</Link> /{" "}
        </span>
      ))}
      <span aria-current="page">{here}</span>
    </p>
  );
}

/** The steps above a page of a class, or of one of its assignments. */
export function classTrail(cls: { id: number; name: string }, assignment?: { id: number; title: string }): Crumb[] {
  const trail = [
    { href: "/teach", label: "Classes" },
    { href: `/teach/classes/${cls.id}`, label: cls.name },
  ];
  if (assignment) trail.push({ href: `/teach/classes/${cls.id}/assignments/${assignment.id}`, label: assignment.title });
  return trail;
}
