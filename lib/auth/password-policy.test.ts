import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it("accepts a long, uncommon password", () => {
    expect(passwordProblem("violet-kayak-harbour-17")).toBeNull();
    expect(passwordProblem("ünïcødé pässwörd")).toBeNull();
  });

  it("refuses blanks, short ones, common ones, repeats and the user's own name", () => {
    expect(passwordProblem("          ")).toBe("A password cannot be only spaces.");
    expect(passwordProblem("short")).toBe("Use at least 10 characters.");
    expect(passwordProblem("password123")).toMatch(/common passwords/);
    expect(passwordProblem("qwertyuiop")).toMatch(/common passwords/);
    expect(passwordProblem("Iloveyou12!")).toMatch(/common passwords/);
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("Use more than three different characters.");
    expect(passwordProblem("ababababab")).toBe("Use more than three different characters.");
    expect(passwordProblem("my-ada.lovelace-pw", { email: "ada.lovelace@lab.test" })).toBe("A password cannot contain your email or name.");
  });
});
