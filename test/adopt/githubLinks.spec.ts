import { strict as assert } from "assert";
import { GithubClient } from "../../adopt/github";

/** A fetch that answers one page with the given `Link` header and records every URL asked for. */
function fakeFetch(link: string) {
  const asked: string[] = [];
  const fn = (async (input: string | URL) => {
    asked.push(String(input));
    return new Response(JSON.stringify([{ id: asked.length }]), {
      status: 200,
      headers: { "content-type": "application/json", ...(asked.length === 1 ? { link } : {}) },
    });
  }) as unknown as typeof fetch;
  return { asked, fn };
}

describe("adopt: the GitHub client follows next-page links only on its own API", function () {
  const base = "https://ghe.example.com/api/v3";

  it("follows a next link on the same origin and base path", async () => {
    const f = fakeFetch(`<${base}/orgs/acme/teams?per_page=100&page=2>; rel="next"`);
    const c = new GithubClient({ token: "tok-123456", baseUrl: base, fetch: f.fn });
    assert.deepEqual(await c.list("/orgs/acme/teams"), [{ id: 1 }, { id: 2 }]);
    assert.equal(f.asked[1], `${base}/orgs/acme/teams?per_page=100&page=2`);
  });

  for (const [what, link] of [
    ["another host", "https://evil.example.net/api/v3/orgs/acme/teams?page=2"],
    ["another scheme", "http://ghe.example.com/api/v3/orgs/acme/teams?page=2"],
    ["another port", "https://ghe.example.com:8443/api/v3/orgs/acme/teams?page=2"],
    ["a path outside the API", "https://ghe.example.com/login?page=2"],
    ["a look-alike prefix", "https://ghe.example.com/api/v3x/orgs?page=2"],
    ["a userinfo trick", "https://ghe.example.com@evil.example.net/api/v3/orgs?page=2"],
  ] as const) {
    it(`refuses a next link to ${what}, and never sends the token there`, async () => {
      const f = fakeFetch(`<${link}>; rel="next"`);
      const c = new GithubClient({ token: "tok-123456", baseUrl: base, fetch: f.fn });
      await assert.rejects(c.list("/orgs/acme/teams"), /next-page link outside .*not followed/);
      assert.deepEqual(f.asked, [`${base}/orgs/acme/teams?per_page=100`]);
    });
  }
});
