// The runtime × flow table, as Markdown (it reads as plain text in a terminal and pastes into README).
const MARK = { ok: "✓", fail: "✗", "n/a": "n/a" };

export function formatTable(flows, rows) {
  const header = ["runtime", "version", ...flows];
  const lines = rows.map((row) => [row.runtime, row.version, ...flows.map((flow) => MARK[row.flows[flow]?.status] ?? "?")]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  return [format(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...lines.map(format)].join("\n");
}
