import { describe, expect, it } from "vitest";
import { normaliseWhitespace, splitParagraphs, splitSentences } from "./sentences";

const HECKER =
  "Nuclear expert Siegfried Hecker, who has visited Yongbyon four times, said it is responsible for 70–80 percent of their nuclear capability. At the very least, it could have been the basis for some meaningful small deal in Hanoi, rather than simply a squandered historic opportunity.";

// [paragraph, the sentences a careful reader would mark]
const CASES: [string, string[]][] = [
  [HECKER, [
    "Nuclear expert Siegfried Hecker, who has visited Yongbyon four times, said it is responsible for 70–80 percent of their nuclear capability.",
    "At the very least, it could have been the basis for some meaningful small deal in Hanoi, rather than simply a squandered historic opportunity.",
  ]],
  ["It was Kramer vs. Kramer all over again. Nobody won.", ["It was Kramer vs. Kramer all over again.", "Nobody won."]],
  ["The U.S. Army denied it. Talks with the U.S. continued.", ["The U.S. Army denied it.", "Talks with the U.S. continued."]],
  ["Kim flew to the U.S. The next day he met Trump.", ["Kim flew to the U.S.", "The next day he met Trump."]],
  ["Sanctions hurt the U.S. economy. It was U.S. policy.", ["Sanctions hurt the U.S. economy.", "It was U.S. policy."]],
  ["The U.S. and North Korea met in Hanoi. Then the U.S. It said nothing.", ["The U.S. and North Korea met in Hanoi.", "Then the U.S.", "It said nothing."]],
  ["Dr. Smith met Mr. Jones, Mrs. Brown and Ms. Green. They talked.", ["Dr. Smith met Mr. Jones, Mrs. Brown and Ms. Green.", "They talked."]],
  ["She lives near St. Louis. He lives on Main St. The rent is lower there.", ["She lives near St. Louis.", "He lives on Main St.", "The rent is lower there."]],
  ["Some states (e.g. France) and some cities, i.e. Paris, agreed. Others did not.", ["Some states (e.g. France) and some cities, i.e. Paris, agreed.", "Others did not."]],
  ["E.g. Norway. Cf. Sweden.", ["E.g. Norway.", "Cf. Sweden."]],
  ["They sold apples, pears, etc. and then left. They bought rice, beans, etc. The shop closed.", ["They sold apples, pears, etc. and then left.", "They bought rice, beans, etc.", "The shop closed."]],
  ["He lived at No. 5 Downing Street. Asked again, he said No. Then he left.", ["He lived at No. 5 Downing Street.", "Asked again, he said No.", "Then he left."]],
  ["See p. 12 and Fig. 3 for details. It is on Jan. 20 this year.", ["See p. 12 and Fig. 3 for details.", "It is on Jan. 20 this year."]],
  ["The summit ended on Feb. 28. Mar. 1 was quiet.", ["The summit ended on Feb. 28.", "Mar. 1 was quiet."]],
  ["We met at 9 a.m. and left at 5 p.m. The talks failed.", ["We met at 9 a.m. and left at 5 p.m.", "The talks failed."]],
  ["Apple Inc. The company denied it. Acme Inc. President Jo Lee agreed.", ["Apple Inc.", "The company denied it.", "Acme Inc. President Jo Lee agreed."]],
  ["J. R. R. Tolkien wrote it. A. A. Milne did not.", ["J. R. R. Tolkien wrote it.", "A. A. Milne did not."]],
  ["George W. Bush met Kim Jong-un's father. He did not meet Kim Jong-un.", ["George W. Bush met Kim Jong-un's father.", "He did not meet Kim Jong-un."]],
  ["Output rose 3.5 percent. Version 2.0.1 fixed it. It cost $4.99.", ["Output rose 3.5 percent.", "Version 2.0.1 fixed it.", "It cost $4.99."]],
  ["Wait... what? Wait... What?", ["Wait... what?", "Wait...", "What?"]],
  ["Wait… what? Wait… What?", ["Wait… what?", "Wait…", "What?"]],
  ["“I wonder…” She paused.", ["“I wonder…”", "She paused."]],
  ["He asked, “Why now?” Then he left.", ["He asked, “Why now?”", "Then he left."]],
  ["“Why now?” he asked. “Because,” she said.", ["“Why now?” he asked.", "“Because,” she said."]],
  ["He said “Go home.” Nobody moved.", ["He said “Go home.”", "Nobody moved."]],
  ["She said ‘no.’ Then she left!", ["She said ‘no.’", "Then she left!"]],
  ["He said \"Stop.\" They stopped.", ["He said \"Stop.\"", "They stopped."]],
  ["The plan failed. (See below.) Next, we look at why.", ["The plan failed.", "(See below.)", "Next, we look at why."]],
  ["The vote (a close one, 51–49.) passed. Really?!", ["The vote (a close one, 51–49.) passed.", "Really?!"]],
  ["1. First item", ["1. First item"]],
  ["1. Mix the flour. 2. Bake it. 3. Eat.", ["1. Mix the flour.", "2. Bake it.", "3. Eat."]],
  ["Steps: 1. Mix the flour. 2. Bake it.", ["Steps: 1. Mix the flour.", "2. Bake it."]],
  ["He was born in 1990. The war ended.", ["He was born in 1990.", "The war ended."]],
  ["It ended in 1990. 2001 was different. So was No. 5 in vol. 2 of the U.S. 2020 report.", ["It ended in 1990.", "2001 was different.", "So was No. 5 in vol. 2 of the U.S. 2020 report."]],
  ["Is it true? 40 percent say so! 12 do not.", ["Is it true?", "40 percent say so!", "12 do not."]],
  ["Sen. Warren and Gov. Newsom spoke. Prof. Li disagreed.", ["Sen. Warren and Gov. Newsom spoke.", "Prof. Li disagreed."]],
  ["The deal went to the U.S. Mr. Kim was angry.", ["The deal went to the U.S.", "Mr. Kim was angry."]],
  ["He moved to the U.K. “It rains,” he said.", ["He moved to the U.K.", "“It rains,” he said."]],
  ["Smith et al. found it. The effect was small.", ["Smith et al. found it.", "The effect was small."]],
  ["What?No way. Really!", ["What?No way.", "Really!"]],
  ["One sentence with no end", ["One sentence with no end"]],
  ["Is it? Yes! It is.", ["Is it?", "Yes!", "It is."]],
];

describe("splitSentences", () => {
  for (const [paragraph, expected] of CASES) {
    it(`splits: ${paragraph.slice(0, 60)}`, () => {
      expect(splitSentences(paragraph)).toEqual(expected);
    });
  }

  it("gives the paragraph back when the sentences are joined with spaces", () => {
    const messy = ["  Dr.  Smith\tleft.\n\nThe U.S.   Army \u00a0 stayed.  ", "What?No!  Yes…  Then   ", ...CASES.map(([p]) => p)];
    for (const paragraph of messy) {
      const sentences = splitSentences(paragraph);
      expect(sentences.join(" ")).toBe(normaliseWhitespace(paragraph));
      for (const sentence of sentences) expect(sentence).toBe(sentence.trim());
      expect(sentences).not.toContain("");
    }
  });

  it("returns no sentences for blank text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\t ")).toEqual([]);
  });
});

describe("splitParagraphs", () => {
  it("splits at blank lines, normalises CRLF and joins wrapped lines", () => {
    const text = "First line of a paragraph\r\nwrapped at a short width.\r\n\r\n  \r\nSecond paragraph.\r\n\r\n\r\n";
    expect(splitParagraphs(text)).toEqual(["First line of a paragraph wrapped at a short width.", "Second paragraph."]);
  });

  it("treats blank lines holding only spaces or tabs as separators", () => {
    expect(splitParagraphs("One.\n \t \nTwo.")).toEqual(["One.", "Two."]);
  });

  it("reads one paragraph per line when the lines are long prose", () => {
    const long = "This line is a whole paragraph copied from a web page, far longer than any hard-wrapped text file line.";
    const text = `Heading\n${long}\n${long} Again.\nShort last line.`;
    expect(splitParagraphs(text)).toEqual(["Heading", long, `${long} Again.`, "Short last line."]);
  });

  it("makes every list item a paragraph of its own, markers kept", () => {
    const text = "Key points:\n- first point\n- second point that is\n  wrapped\n1. one\n2) two\n• three";
    expect(splitParagraphs(text)).toEqual(["Key points:", "- first point", "- second point that is wrapped", "1. one", "2) two", "• three"]);
  });

  it("knows the Unicode line and paragraph separators", () => {
    expect(splitParagraphs("One\u2028line.\u2029Two.")).toEqual(["One line.", "Two."]);
  });

  it("drops empty paragraphs and returns nothing for blank text", () => {
    expect(splitParagraphs("\n\n\n")).toEqual([]);
    expect(splitParagraphs("")).toEqual([]);
  });
});
