import { describe, expect, it } from "vitest";
import { hasRole, requiredRoleForPath } from "./roles";

describe("roles", () => {
  it("ranks roles", () => {
    expect(hasRole("ADMIN", "LEAD")).toBe(true);
    expect(hasRole("ANNOTATOR", "RESEARCHER")).toBe(false);
    expect(hasRole("LEAD", "LEAD")).toBe(true);
  });
  it("maps pages to the longest matching prefix", () => {
    expect(requiredRoleForPath("/admin/users")).toBe("ADMIN");
    expect(requiredRoleForPath("/administer")).toBe("ANNOTATOR");
    expect(requiredRoleForPath("/episodes/12")).toBe("ANNOTATOR");
    expect(requiredRoleForPath("/imports")).toBe("RESEARCHER");
  });
});
