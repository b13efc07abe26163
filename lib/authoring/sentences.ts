/*
 * Splits pasted or uploaded lesson text into paragraphs (future excerpts) and sentences. Pure and
 * dependency-free, so it runs on the server and in the browser alike.
 *
 * Sentences: Intl.Segmenter("en") finds the candidate breaks; it knows no abbreviations, so a second pass
 * undoes the breaks that are not sentence ends. The decisions, in order:
 * - A sentence never starts with a lowercase letter: “Why?” he asked. stays one sentence (as do
 *   "Wait... what?" and "at 9 a.m. he left"). The rare sentence that opens with "iPhone" or "eBay" is
 *   joined to the one before it; that is the price of the rule.
 * - A break is only kept where the text has a space: "What?No" stays one sentence, so joining the
 *   sentences with single spaces always gives the paragraph back.
 * - Titles and Latin abbreviations that cannot end a sentence (Mr., Mrs., Ms., Dr., Prof., Gov., Sen.,
 *   vs., e.g., i.e., cf. …) never end one.
 * - Abbreviations that lead a number (No. 5, p. 12, Fig. 3, Jan. 20) end a sentence only when no number
 *   follows.
 * - Abbreviations that can end a sentence (U.S., U.K., a.m., p.m., St., Inc., Ltd., Jr., etc., and a
 *   single capital initial such as the W. in George W. Bush): followed by a capitalised word they end the
 *   sentence only when that word usually opens one (The, It, He, But, In, I, …), a title (Mr.) or a
 *   quotation. So "the U.S. Army" and "St. Louis" stay together, and "… to the U.S. The next day" splits.
 *   The cost: "… to the U.S. Officials said" and "I got a B. Nobody cared." are read as one sentence.
 * - A full stop followed by a number ends a sentence ("It ended in 1990. 2001 was different."), except
 *   after an abbreviation as above.
 * - A list number standing alone ("1." before "First item", or after a colon) opens the next sentence.
 * - Ellipses: "..." and "…" followed by a capital end a sentence ("Wait... What?" is two), followed by
 *   lowercase they do not ("Wait... what?" is one). "We flew to… Paris" is split; such prose is rare.
 * - Closing quotes and brackets stay with their sentence: He said “Go.” | Then he left.; (See below.) | Next.
 */

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Collapses every run of whitespace to one space and trims: the form in which text is compared. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The paragraph's sentences, trimmed; `splitSentences(p).join(" ")` equals `normaliseWhitespace(p)`. */
export function splitSentences(paragraph: string): string[] {
  const text = normaliseWhitespace(paragraph);
  if (!text) return [];
  const sentences: string[] = [];
  for (const piece of candidateSentences(text)) {
    const last = sentences.length - 1;
    const previous = sentences[last];
    if (previous !== undefined && shouldJoin(previous, piece)) sentences[last] = `${previous} ${piece}`;
    else sentences.push(piece);
  }
  return sentences;
}

/** Intl.Segmenter's breaks, only where there is a space, plus the two kinds of break it misses. */
function candidateSentences(text: string): string[] {
  const pieces: string[] = [];
  let pending = "";
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    if (pending.endsWith(" ")) {
      pieces.push(...splitMissedBreaks(pending.trim()));
      pending = "";
    }
  }
  if (pending) pieces.push(...splitMissedBreaks(pending.trim()));
  return pieces;
}

/*
 * Intl.Segmenter treats "..." as a full stop but "…" as an ordinary character, and it reads on past a full
 * stop followed by a number ("It ended in 1990. 2001 was different."). Breaking there is undone by
 * shouldJoin where the number belongs to an abbreviation (No. 5, p. 12).
 */
const MISSED_BREAK = /(?<=…[”’"')\]]*) (?=[“‘"'(\[]?\p{Lu})|(?<=[.!?][”’"')\]]*) (?=\d)/u;

function splitMissedBreaks(text: string): string[] {
  return text.split(MISSED_BREAK);
}

const TITLES = new Set(
  "Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Rev Revd Hon Gen Col Capt Cmdr Lt Sgt Cpl Adm Maj Gov Sen Sens Rep Reps Pres Supt Insp Msgr Sra Srta".split(" "),
);
const NEVER_FINAL = new Set("vs v e.g i.e cf viz approx ca".split(" "));
const BEFORE_NUMBER = new Set(
  "no nos nr art arts fig figs p pp vol vols ch chap sec secs para pt pts ex eq eqs op tel jan feb mar apr jun jul aug sep sept oct nov dec".split(" "),
);
const MAY_END = new Set("st ste inc ltd co corp cos bros jr sr esq etc al ave blvd rd ft mt dept univ assn est llc plc".split(" "));
// Short dotted forms: U.S, U.K, a.m, Ph.D, D.C (the trailing dot already removed).
const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u;
const INITIAL = /^\p{Lu}$/u;

// Capitalised words that commonly open an English sentence and rarely follow "U.S." or "St." in a name.
const SENTENCE_OPENERS = new Set(
  (
    "The A An This That These Those There Then Their They Them He She It Its I We You Our My His Her Your " +
    "But And Or So Yet Nor For If When While Whilst Although Though Because Since After Before As At In On Of " +
    "To By From With Without Into Onto During Under Over Despite However Meanwhile Still Instead Indeed Also " +
    "Now Today Yesterday Tomorrow Later Earlier Once Some Many Most Few All Both Each Every No Not None Nobody " +
    "Nothing Everyone Everything Someone Something Such What Which Who Whom Whose Where Why How Is Are Was Were " +
    "Has Have Had Do Does Did Can Could Will Would Shall Should May Might Must Yes Here Even Only Just First " +
    "Second Third Finally Last Next Other Another One Two Three Thus Hence Therefore Moreover Furthermore " +
    "Nevertheless Nonetheless Otherwise Perhaps Maybe Sometimes Often Never Always Unlike Like Among Between " +
    "Against Through Throughout Within Until Unless Whether According Already Again Soon"
  ).split(" "),
);

function shouldJoin(previous: string, next: string): boolean {
  if (/^\p{Ll}/u.test(firstLetterOrDigit(next))) return true;
  const word = lastWord(previous);
  if (isListNumber(previous, word)) return true;
  if (!word.endsWith(".") || word.endsWith("..")) return false;
  const bare = word.slice(0, -1);
  const lower = bare.toLowerCase();
  if (TITLES.has(bare) || NEVER_FINAL.has(lower)) return true;
  if (BEFORE_NUMBER.has(lower)) return /^\d/.test(firstLetterOrDigit(next));
  if (MAY_END.has(lower) || DOTTED.test(bare) || INITIAL.test(bare)) return !opensSentence(next);
  return false;
}

/** The last space-separated word, without the brackets or quotes that open it: "(e.g." → "e.g.". */
function lastWord(text: string): string {
  const word = text.slice(text.lastIndexOf(" ") + 1);
  return word.replace(/^[(\[“‘"']+/u, "");
}

/** "1." as a sentence of its own, or after a colon ("Steps: 1."), belongs to what follows. */
function isListNumber(previous: string, word: string): boolean {
  if (!/^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]$/.test(word)) return false;
  const before = previous.slice(0, previous.length - word.length).trimEnd();
  return before === "" || before.endsWith(":");
}

function firstLetterOrDigit(text: string): string {
  return /[\p{L}\p{N}]/u.exec(text)?.[0] ?? "";
}

function opensSentence(next: string): boolean {
  if (/^[“‘"']/u.test(next)) return true;
  const match = /^[(\[]?(\p{L}[\p{L}’']*)(\.?)/u.exec(next);
  if (!match) return false;
  const [, word = "", dot] = match;
  if (dot) return TITLES.has(word);
  return SENTENCE_OPENERS.has(word);
}

/*
 * Paragraphs: blank lines separate them. Inside one block, single line breaks are either hard wrapping
 * (an e-mail or a text file wrapped at 72–80 columns: the lines are joined) or one paragraph per line (text
 * copied from a web page or a word processor, where each line is a whole paragraph). A block counts as
 * one paragraph per line when any line but the last is longer than WRAP_WIDTH, which wrapped text never
 * is. A line that starts with a list marker (-, *, •, 1., 2) …) starts a paragraph of its own in both
 * cases, so every list item is one paragraph, as it is for HTML, Markdown and Word files.
 */
const WRAP_WIDTH = 100;
const LIST_ITEM = /^(?:[-*+•◦▪‣]|\d{1,3}[.)])\s/u;

/** Blank-line separated paragraphs, each with its whitespace normalised; empty ones dropped. */
export function splitParagraphs(text: string): string[] {
  const unified = text.replace(/\r\n?|[\u0085\u2028\v\f]/g, "\n").replace(/\u2029/g, "\n\n");
  return unified
    .split(/\n[^\S\n]*\n/)
    .flatMap(blockParagraphs)
    .map(normaliseWhitespace)
    .filter((paragraph) => paragraph !== "");
}

function blockParagraphs(block: string): string[] {
  const lines = block
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.slice(0, -1).some((line) => line.length > WRAP_WIDTH)) return lines;
  const paragraphs: string[] = [];
  for (const line of lines) {
    const last = paragraphs.length - 1;
    if (last < 0 || LIST_ITEM.test(line)) paragraphs.push(line);
    else paragraphs[last] += ` ${line}`;
  }
  return paragraphs;
}
