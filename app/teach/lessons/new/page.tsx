import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, Field, TextAreaField } from "@/app/_components/action-form";
import { requireRole } from "@/lib/auth/guards";
import { AUTHORING_LIMITS } from "@/lib/authoring/read-text";
import { formatBytes } from "@/lib/authoring/upload";
import { createLessonAction, importLessonAction } from "../actions";

export const metadata: Metadata = { title: "New lesson" };

export default async function NewLessonPage() {
  await requireRole("instructor");
  const limit = formatBytes(AUTHORING_LIMITS.uploadBytes);
  return (
    <main id="main">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / New lesson
      </p>
      <div className="page-head">
        <h1>New lesson</h1>
        <p>Bring any text. Each paragraph becomes an excerpt, split into sentences that you can check and correct before adding questions.</p>
      </div>
      <div className="two-col">
        <section className="card" aria-labelledby="from-text-heading">
          <h2 id="from-text-heading">From a text</h2>
          <ActionForm action={createLessonAction} submitLabel="Create the lesson" pendingLabel="Reading the text…">
            <Field name="title" label="Title (optional)" hint="Taken from the file when it has one; you can change it later." maxLength={300} />
            <TextAreaField name="text" label="Paste the text" hint="Leave a blank line between paragraphs. Formatting and HTML are kept as plain text." rows={10} />
            <Field
              name="file"
              label="Or upload a file"
              type="file"
              accept=".txt,.md,.markdown,.html,.htm,.docx,text/plain,text/markdown,text/html,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              hint={`A .txt, .md, .html or .docx file of at most ${limit}, ${AUTHORING_LIMITS.paragraphs} paragraphs. A file is used instead of pasted text.`}
            />
          </ActionForm>
        </section>
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading">Import a lesson file</h2>
          <p className="hint">
            A lesson exported from Colloquy (or written in the content/ format, see content/README.md) as a .yaml file. A file with any problem is refused whole,
            with every problem listed.
          </p>
          <ActionForm action={importLessonAction} submitLabel="Import the lesson" pendingLabel="Importing…">
            <Field name="file" label="Lesson file (.yaml)" type="file" accept=".yaml,.yml,application/yaml,text/yaml" hint={`At most ${limit}.`} />
          </ActionForm>
          <p className="small" style={{ marginTop: "1rem" }}>
            Questions from Moodle (GIFT or Aiken) are imported into an excerpt from the editor.
          </p>
        </section>
      </div>
    </main>
  );
}
