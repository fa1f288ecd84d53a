// The action's pull-request comment: ONE comment per pull request, found by the hidden marker on its first line and
// edited in place (PATCH), else created (POST). Skipped with a notice when there is no pull request, when the pull
// request comes from a fork (its token is read-only) and when the API answers 403. Node's fetch; no other tool.
// Environment: GITHUB_API_URL, GH_TOKEN, REPOSITORY, PR_NUMBER, HEAD_REPOSITORY, BODY_FILE, MARKER; REPORT_URL (the
// uploaded HTML diff report, linked at the end of the comment when set).
import { readFileSync } from "node:fs";

const env = process.env;
const api = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
const notice = (text) => console.log(`::notice title=segform::${text}`);

class HttpError extends Error {
  constructor(status, text) {
    super(`GitHub API: HTTP ${status}: ${text}`);
    this.status = status;
  }
}

async function request(method, url, body) {
  const response = await fetch(url.startsWith("http") ? url : `${api}/${url}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${env.GH_TOKEN ?? ""}`,
      "x-github-api-version": "2022-11-28",
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new HttpError(response.status, (await response.text()).slice(0, 500));
  return { json: await response.json(), next: /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] };
}

/** The comment body with a link to the HTML report appended (only an https URL, as upload-artifact returns). */
function withReportLink(body, url) {
  if (!url || !/^https:\/\/[^\s()<>]+$/.test(url)) return body;
  return `${body.replace(/\n*$/, "")}\n\n[HTML report with charts](${url}) (workflow artifact \`segform-diff-report\`: a zip holding segform-diff.html; works offline)\n`;
}

async function main() {
  if (!env.PR_NUMBER) return notice("not a pull request: the diff is in the job summary only");
  if (env.HEAD_REPOSITORY !== env.REPOSITORY) {
    return notice("pull request from a fork: its token cannot write comments, so the diff is in the job summary only");
  }
  const marker = env.MARKER || "<!-- segform-diff -->";
  const body = withReportLink(readFileSync(env.BODY_FILE, "utf8"), env.REPORT_URL);
  const comments = `repos/${env.REPOSITORY}/issues/${env.PR_NUMBER}/comments`;
  let existing;
  for (let url = `${comments}?per_page=100`; url && !existing; ) {
    const page = await request("GET", url);
    existing = page.json.find((comment) => (comment.body ?? "").startsWith(marker));
    url = page.next;
  }
  const { json } = existing
    ? await request("PATCH", `repos/${env.REPOSITORY}/issues/comments/${existing.id}`, { body })
    : await request("POST", comments, { body });
  console.log(`segform diff comment ${existing ? "updated" : "created"}: ${json.html_url}`);
}

try {
  await main();
} catch (error) {
  if (error instanceof HttpError && error.status === 403) {
    notice(
      "the token cannot write pull-request comments (HTTP 403; give the job 'pull-requests: write'): the diff is in the job summary only",
    );
  } else {
    console.error(`segform: ${error.message}`);
    process.exitCode = 1;
  }
}
