import { describe, expect, it } from "vitest";
import { markdownCode, markdownText } from "./markdown.js";

describe("markdown escaping", () => {
  it("writes code spans that hold any backticks, and escaped inline text", () => {
    expect(markdownCode("plain")).toBe("`plain`");
    expect(markdownCode("a`b``c")).toBe("```a`b``c```");
    expect(markdownCode("`x`")).toBe("`` `x` ``");
    expect(markdownCode("a|b", true)).toBe("`a\\|b`");
    expect(markdownCode("")).toBe("*(empty)*");
    expect(markdownCode("two\nlines")).toBe("`two\\nlines`");
    expect(markdownText("a*b_c|d<e>f`g[h]i~j&k#l$m\\n")).toBe("a\\*b\\_c\\|d\\<e\\>f\\`g\\[h\\]i\\~j\\&k\\#l\\$m\\\\n");
  });

  it("keeps an @ from mentioning anyone (a word joiner after it), in text and in code spans alike", () => {
    expect(markdownText("ping @acme/sales and @bob")).toBe("ping @\u2060acme/sales and @\u2060bob");
    expect(markdownCode("@bob")).toBe("`@bob`");
  });
});
