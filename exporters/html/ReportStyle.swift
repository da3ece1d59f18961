import SafeGridHTMLKit

/// The report's only style sheet, inline (the page's CSP allows no other). Screen and A4 print
/// share one layout. In print:
/// - the page's own margin boxes (an empty one at the top, the page number at the bottom) take
///   the places where Chromium would print its date, title, URL and page header and footer, so
///   the page never carries them, whatever the print dialog or `--print-to-pdf` is told;
/// - nothing a reader takes as one block is split across pages: a key-figure card, a table row,
///   a 红榜/黑榜 (whole when it fits on a page; a longer one breaks between entries, never inside
///   one), a chart; a heading stays with what follows it;
/// - ids, codes, severities, dates and time lights never wrap (`white-space: nowrap`).
///
/// The rules every page shares, and the charts' own, come from `HTMLStyle`.
enum ReportStyle {
    static let css = """

        \(HTMLStyle.printedPage(size: "A4", margin: "14mm 12mm 16mm", pageNumberSize: "8pt"))
        \(HTMLStyle.palette)
        \(HTMLStyle.base)
        body { margin: 0 auto; max-width: 1120px; padding: 28px 32px 40px; color: var(--ink); background: #fff; font-size: 13px; line-height: 1.5;
          font-family: \(HTMLStyle.cjkSansFonts), "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
        header { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 18px; }
        h1 { font-size: 22px; line-height: 1.3; margin: 0 0 6px; color: var(--accent); }
        h2 { font-size: 16px; margin: 26px 0 8px; padding-left: 10px; border-left: 4px solid var(--accent); }
        h3 { font-size: 14px; margin: 0 0 6px; }
        .meta, .note, figcaption { color: var(--muted); font-size: 12px; }
        .note { margin: 0 0 8px; }
        footer { margin-top: 24px; border-top: 1px solid var(--line); padding-top: 8px; }
        .cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fafbfc; }
        .card .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .card .label { color: var(--muted); font-size: 12px; }
        .card.alert .value { color: var(--honour); }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
        thead th { background: var(--head); font-weight: 600; text-align: center; vertical-align: middle; }
        tbody th { text-align: left; font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; }
        td.code, span.code, .sub.code { color: var(--muted); font-family: "Noto Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
        .sub.code { font-size: 11px; }
        td.severity, th.severity { white-space: nowrap; }
        tr.subtotal > * { background: #f3f6f9; font-weight: 600; }
        tr.subtotal.level-street > *, tr.subtotal.level-station > * { background: #e8eef4; }
        tr.total > * { background: #dde5ee; font-weight: 700; border-top: 2px solid var(--accent); }
        .tag { color: var(--muted); font-weight: 400; font-size: 12px; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 3px; font-size: 12px; color: #fff; white-space: nowrap; }
        .badge.honour { background: var(--honour); }
        .badge.warning { background: var(--warning); }
        .lists { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
        .list { border: 1px solid var(--line); border-top: 4px solid var(--neutral); border-radius: 4px; padding: 8px 14px; }
        .list.honour { border-top-color: var(--honour); }
        .list.honour h3 { color: var(--honour); }
        .list.warning { border-top-color: var(--warning); }
        .list ol { margin: 0; padding: 0; list-style: none; }
        .list li { display: flex; gap: 8px; align-items: baseline; }
        .list li .place { min-width: 1.6em; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
        .list li .name { flex: 1; }
        .list li .rate { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
        .list .none { color: var(--muted); margin: 0; }
        \(HTMLStyle.charts)
        table.overdue td { font-size: 12px; }
        .sub { color: var(--muted); font-size: 11px; }
        .light { white-space: nowrap; font-weight: 600; }
        .light.red { color: #b3261e; }
        .light.yellow { color: #8a6d00; }
        .light.green { color: #1e7b34; }
        .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; background: currentColor; vertical-align: baseline; }
        h2 .count { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 10px; background: var(--honour); color: #fff; font-size: 12px; text-align: center; vertical-align: middle; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          .cards { grid-template-columns: repeat(6, 1fr); }
          \(HTMLStyle.repeatedTableHeader)
          header, .cards, .card, tr, figure, .list, .list li { break-inside: avoid; page-break-inside: avoid; }
          h2, h3, section > .note { break-after: avoid; page-break-after: avoid; }
          th, td { padding: 2px 4px; }
        }
        @media screen and (max-width: 760px) { .cards { grid-template-columns: repeat(3, 1fr); } .lists { grid-template-columns: 1fr; } }

        th.colour.red, td.colour.red { color: #c62828; } th.colour.yellow, td.colour.yellow { color: #a66f00; } th.colour.green, td.colour.green { color: #2e7d32; }
        """
}
