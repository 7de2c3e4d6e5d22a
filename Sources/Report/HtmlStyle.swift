/// The report page's style sheet, inlined so that the file stands alone (no fetches of any kind).
enum HtmlStyle {
    static let css = """
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d232b; max-width: 1500px; }
    h1 { font-size: 22px; margin: 0 0 4px; }
    h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
    h3 { font-size: 15px; margin: 0; }
    code, .frame, td.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
    .verdict { display: inline-block; font-weight: 700; padding: 2px 10px; border-radius: 4px; color: #fff; }
    .verdict.ok { background: #1a7f37; } .verdict.failed { background: #cf222e; }
    .files { color: #57606a; }
    .status { display: inline-block; min-width: 64px; text-align: center; font-weight: 700; font-size: 12px; padding: 1px 6px; border-radius: 3px; margin-right: 8px; }
    .status.pass { background: #dafbe1; color: #1a7f37; } .status.fail { background: #ffebe9; color: #cf222e; }
    .status.not_assessed { background: #fff8c5; color: #7d4e00; }
    .check { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
    .check.fail { border-color: #ff8182; }
    .check .title { color: #57606a; margin: 2px 0; }
    .check ul { margin: 6px 0 2px; padding-left: 20px; }
    .finding { margin: 3px 0; }
    .finding:target { background: #fff8c5; outline: 2px solid #d4a72c; }
    .sev { font-weight: 700; font-size: 12px; text-transform: uppercase; margin-right: 4px; }
    .sev.error { color: #cf222e; } .sev.warning { color: #9a6700; } .sev.note { color: #57606a; }
    .num { color: #8c959f; font-size: 12px; margin-right: 4px; }
    table { border-collapse: collapse; margin: 6px 0; }
    th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
    th { background: #f6f8fa; }
    td.pass { color: #1a7f37; } td.fail { color: #cf222e; font-weight: 700; } td.not_assessed { color: #9a6700; }
    tr.bad td:first-child { border-left: 3px solid #cf222e; }
    .note-text { color: #57606a; }
    .diagram { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px; }
    .legend span { margin-right: 18px; }
    svg.seq text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; fill: #1d232b; }
    svg.seq .lane { fill: #f6f8fa; stroke: #8c959f; }
    svg.seq .lane-name { font-weight: 700; font-size: 12px; }
    svg.seq .life { stroke: #afb8c1; stroke-dasharray: 3 4; }
    svg.seq .band { fill: #eef1f4; }
    svg.seq .conn.bad .band { fill: #ffebe9; }
    svg.seq .head { font-weight: 700; font-size: 12px; }
    svg.seq .t { fill: #8c959f; }
    svg.seq .more { fill: #57606a; font-style: italic; }
    svg.seq .arrow { stroke: #24292f; stroke-width: 1.4; }
    svg.seq .packet_in .arrow, svg.seq .flow_mod .arrow, svg.seq .packet_out .arrow { stroke: #8250df; }
    svg.seq .rev .arrow { stroke: #0969da; }
    svg.seq .head-ok { fill: #24292f; }
    svg.seq .head-bad { fill: #cf222e; }
    svg.seq .note { fill: #fff8c5; stroke: #d4a72c; }
    svg.seq .bad .arrow { stroke: #cf222e; stroke-width: 2; stroke-dasharray: 6 4; }
    svg.seq .bad .note { fill: #ffebe9; stroke: #cf222e; stroke-dasharray: 4 3; }
    svg.seq .bad .label { fill: #cf222e; font-weight: 700; text-decoration: underline; }
    """
}
