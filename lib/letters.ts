/** Choices are shown lettered by position (A, B, C…) everywhere: the student's page, the key, the tables. */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}
