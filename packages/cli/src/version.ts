/** The segform version: the published package's version (packages/cli/package.json and CHANGELOG.md agree, tested). */
export const VERSION = "0.1.0";
