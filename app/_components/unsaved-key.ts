/** Where the lesson page keeps answers the server has not acknowledged yet (per assignment and student). */
export function unsavedKey(assignmentId: number, studentId: number): string {
  return `colloquy:unsaved:${assignmentId}:${studentId}`;
}
