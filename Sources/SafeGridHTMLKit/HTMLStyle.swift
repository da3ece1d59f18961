/// The style rules SafeGrid's pages share, written once: each page's style sheet interpolates
/// the ones it needs, one rule (or one group of rules) a line, no line break at either end.
///
/// What they stand for in print: colours print as shown, a table's header row repeats on every
/// printed page, and a page's own margin boxes take the places where a browser would print its
/// date, title, URL and page header and footer, so the page never carries them.
public enum HTMLStyle {
    /// Every element sized by its border box, so a padded cell or card keeps the width it is given.
    public static let boxSizing = "* { box-sizing: border-box; }"

    /// What every page but the notice starts with: ``boxSizing``, and colours and backgrounds
    /// printed as shown (a browser leaves backgrounds out of print unless told, and a badge, a
    /// list's colour or a shaded subtotal row says something).
    public static let base = boxSizing + "\n" + "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }"

    /// The simplified Chinese sans-serif faces, most wanted first (Linux, Adobe's name for the
    /// same face, macOS, Windows); a page ends the `font-family` with its Latin faces and
    /// `sans-serif`.
    public static let cjkSansFonts = #""Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei""#

    /// A printed page's `@page` rule: its size and margins, the top right margin box empty and
    /// the page number (`3 / 12`) bottom right, so a browser's own header and footer have no
    /// place to go, whatever its print dialog or `--print-to-pdf` is told.
    ///
    /// - Parameters:
    ///   - size: The page size, as CSS writes it: `A4`, `A4 landscape`.
    ///   - margin: The page margins, as CSS writes them: `14mm 12mm 16mm`.
    ///   - pageNumberSize: The page number's font size: `8pt`.
    /// - Returns: The rule, on three lines.
    public static func printedPage(size: String, margin: String, pageNumberSize: String) -> String {
        """
        @page { size: \(size); margin: \(margin);
          @top-right { content: ""; }
          @bottom-right { content: counter(page) " / " counter(pages); font-size: \(pageNumberSize); color: #5f6b76; } }
        """
    }

    /// A table's header row printed again at the top of each page the table runs onto.
    public static let repeatedTableHeader = "thead { display: table-header-group; }"

    /// The colours of a report page as custom properties: ink, muted text, lines, table heads,
    /// the accent, and the 红榜 (honour), 黑榜 (warning) and neither colours the charts and the
    /// lists use. ``charts`` takes its colours from here.
    public static let palette = """
        :root { --ink: #1f2933; --muted: #5f6b76; --line: #d5dbe1; --head: #eef2f6; --accent: #1d3b5a; --honour: #b3261e; --warning: #202124; --neutral: #7b8b9a; }
        """

    /// The rules of ``RateBarChart`` and ``TrendChart``: a chart as wide as the page allows, and
    /// the swatches of their captions (colours from ``palette``).
    public static let charts = """
        figure.chart { margin: 0 0 8px; }
        figure.chart svg { display: block; max-width: 100%; height: auto; }
        .swatch { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; border-radius: 2px; }
        .swatch.honour { background: var(--honour); }
        .swatch.warning { background: var(--warning); }
        .swatch.neutral { background: var(--neutral); }
        .swatch.threshold { height: 0; border-top: 2px dashed var(--muted); border-radius: 0; }
        .swatch.rate-line { height: 0; border-top: 2px solid #b3261e; border-radius: 0; }
        .swatch.on-time-line { height: 0; border-top: 2px dashed #1d5fa8; border-radius: 0; }
        """

    /// A venue's colour (红黄绿) as a badge's background, the same on every page that shows it:
    /// `<span class="badge red">`.
    public static let venueColourBadges = """
        .badge.red { background: #c62828; }
        .badge.yellow { background: #f9a825; color: #1f2933; }
        .badge.green { background: #2e7d32; }
        """
}
