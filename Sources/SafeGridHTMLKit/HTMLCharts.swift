public import SafeGridCore

/// A horizontal bar per group, in rank order, coloured by list standing, with the two
/// thresholds drawn as lines. A city report has thousands of groups: past ``maxBars`` the chart
/// keeps the best and the worst rated ones and says so, so it stays legible on one page.
///
/// Where the text goes: each row is one line of the chart, so no two labels share a height.
/// Names sit left of the plot, cut to fit their column; rates sit in a column of their own right
/// of the 100% line, so no threshold line, wherever it is set, ever runs through a label. Tests
/// measure this in Chromium (`data-label` on every text, `data-threshold` on the lines).
///
/// The chart is a `<figure class="chart">` holding an inline SVG and a caption; its caption's
/// swatches are styled by ``HTMLStyle/charts``.
public struct RateBarChart: Sendable {
    /// The report charted, its groups in rank order.
    public let report: RectificationReport
    /// Where the red and black lists start: the bars' colours and the two dashed lines.
    public let thresholds: RateThresholds
    /// The language of the labels, caption and note.
    public let language: DisplayLanguage

    /// The most bars drawn; beyond it, the top and bottom halves of this many.
    public static let maxBars = 40

    /// A chart of a report's rates.
    ///
    /// - Parameters:
    ///   - report: The report charted, its groups in rank order.
    ///   - thresholds: Where the red and black lists start.
    ///   - language: The language of the labels, caption and note.
    public init(report: RectificationReport, thresholds: RateThresholds, language: DisplayLanguage) {
        self.report = report
        self.thresholds = thresholds
        self.language = language
    }

    private static let width = 760.0
    private static let labelWidth = 210.0
    private static let barWidth = 460.0
    /// Where the rate column starts: past the plot's right edge.
    private static let valueX = labelWidth + barWidth + 8
    private static let rowHeight = 20.0
    private static let top = 26.0
    private static let fontSize = 11.0

    /// One line of the chart: a group, or the gap between the best and the worst.
    private enum Line {
        case group(RectificationReport.Group)
        case gap(hidden: Int)
    }

    /// The chart as HTML; a note instead when the report has no groups. Every name is escaped.
    ///
    /// - Returns: The `<figure>` and its line break, or the note's paragraph.
    public func render() -> String {
        let l = language
        let level = report.by.label(l)
        guard !report.groups.isEmpty else {
            return "<p class=\"note\">\(l.pick("没有可绘制的\(level)。", "No \(level) to chart.").markupEscaped)</p>\n"
        }
        let (lines, note) = chosenLines()
        let height = Self.top + Double(lines.count) * Self.rowHeight + 8
        var svg = "<figure class=\"chart\" data-chart=\"rates\">\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(HTMLFormatting.coordinate(Self.width)) \(HTMLFormatting.coordinate(height))\" width=\"\(HTMLFormatting.coordinate(Self.width))\" height=\"\(HTMLFormatting.coordinate(height))\" role=\"img\" aria-label=\"\(l.pick("各\(level)整改率", "Rate by \(level)").markupEscaped)\" font-size=\"11\">\n"
        svg += axis(height: height)
        for (position, line) in lines.enumerated() {
            let y = Self.top + Double(position) * Self.rowHeight
            switch line {
            case .group(let group): svg += bar(group, y: y)
            case .gap(let hidden):
                // In the name column, where no threshold line runs.
                let text = HTMLFormatting.fitted(
                    l.pick("……（略去 \(hidden) 个）", "… \(hidden) more …"), width: Self.labelWidth - 16, fontSize: Self.fontSize)
                svg += "<text data-label=\"gap\" x=\"\(HTMLFormatting.coordinate(Self.labelWidth - 8))\" y=\"\(HTMLFormatting.coordinate(y + 14))\" text-anchor=\"end\" fill=\"#5f6b76\">\(text.markupEscaped)</text>\n"
            }
        }
        svg += "</svg>\n"
        svg += "<figcaption><span class=\"swatch honour\"></span>\(RateStanding.honour.label(l).markupEscaped)　<span class=\"swatch warning\"></span>\(RateStanding.warning.label(l).markupEscaped)　<span class=\"swatch neutral\"></span>\(l.pick("未上榜", "Neither"))　<span class=\"swatch threshold\"></span>\(l.pick("红榜 / 黑榜线", "List thresholds"))"
        if let note { svg += "<br><span class=\"note\" data-hook=\"chart-note\">\(note.markupEscaped)</span>" }
        svg += "</figcaption>\n</figure>\n"
        return svg
    }

    /// Every group when they fit; else the best and worst rated halves, a gap between them,
    /// and a note on what was left out (groups with no rate are the first to go: they have
    /// nothing to compare).
    private func chosenLines() -> ([Line], String?) {
        let l = language
        let level = report.by.label(l)
        let groups = report.groups
        guard groups.count > Self.maxBars else { return (groups.map(Line.group), nil) }
        let rated = groups.filter { $0.counts.rate != nil }
        let unrated = groups.count - rated.count
        let half = Self.maxBars / 2
        var lines: [Line]
        var note: String
        if rated.count > Self.maxBars {
            lines = rated.prefix(half).map(Line.group) + [.gap(hidden: rated.count - 2 * half)] + rated.suffix(half).map(Line.group)
            note = l.pick(
                "共 \(groups.count) 个\(level)，图中为整改率最高的 \(half) 个和最低的 \(half) 个",
                "\(groups.count) \(level)s: the chart shows the \(half) highest and the \(half) lowest rates")
        } else {
            lines = rated.map(Line.group)
            note = l.pick("共 \(groups.count) 个\(level)，图中为有整改率的 \(rated.count) 个", "\(groups.count) \(level)s: the chart shows the \(rated.count) with a rate")
        }
        if unrated > 0 {
            note += l.pick("；另有 \(unrated) 个未发现隐患（整改率 —）", "; \(unrated) more found nothing (rate —)")
        }
        note += l.pick("。完整数据见统计表。", ". The table has every row.")
        return (lines, note)
    }

    private func axis(height: Double) -> String {
        var svg = "<g class=\"axis\" fill=\"#5f6b76\" stroke=\"none\">\n"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = HTMLFormatting.coordinate(Self.labelWidth + tick * Self.barWidth)
            svg += "<line x1=\"\(x)\" y1=\"\(HTMLFormatting.coordinate(Self.top - 4))\" x2=\"\(x)\" y2=\"\(HTMLFormatting.coordinate(height - 6))\" stroke=\"#e3e8ee\"/>"
            svg += "<text data-label=\"tick\" x=\"\(x)\" y=\"14\" text-anchor=\"middle\">\(Int(tick * 100))%</text>\n"
        }
        // Below the tick labels (whose text ends above `top - 4`), inside the plot.
        for (threshold, colour, name) in [(thresholds.honour, "#b3261e", "honour"), (thresholds.warning, "#202124", "warning")] {
            guard HTMLFormatting.isPrintable(threshold), (0...1).contains(threshold) else { continue }
            let x = HTMLFormatting.coordinate(Self.labelWidth + threshold * Self.barWidth)
            svg += "<line data-threshold=\"\(name)\" x1=\"\(x)\" y1=\"\(HTMLFormatting.coordinate(Self.top - 4))\" x2=\"\(x)\" y2=\"\(HTMLFormatting.coordinate(height - 6))\" stroke=\"\(colour)\" stroke-dasharray=\"4 3\"/>\n"
        }
        return svg + "</g>\n"
    }

    private func bar(_ group: RectificationReport.Group, y: Double) -> String {
        let name = group.displayName(by: report.by, language)
        // The code keeps up to 10 characters; the name gets what is left of the column.
        let code = HTMLFormatting.truncated(group.key, to: 10)
        let room = Self.labelWidth - 16 - HTMLFormatting.estimatedWidth(" " + code, fontSize: Self.fontSize)
        let label = HTMLFormatting.fitted(name, width: max(room, 2 * Self.fontSize), fontSize: Self.fontSize) + " " + code
        var svg = "<g data-key=\"\(group.key.markupEscaped)\"><title>\(name.markupEscaped) (\(group.key.markupEscaped)): \(HazardCounts.percentText(group.counts.rate))</title>"
        svg += "<text data-label=\"name\" x=\"\(HTMLFormatting.coordinate(Self.labelWidth - 8))\" y=\"\(HTMLFormatting.coordinate(y + 14))\" text-anchor=\"end\" fill=\"#1f2933\">\(label.markupEscaped)</text>"
        if let rate = group.counts.rate, HTMLFormatting.isPrintable(rate) {
            let clamped = min(max(rate, 0), 1)
            let width = clamped * Self.barWidth
            let colour: String
            switch thresholds.standing(of: rate) {
            case .honour?: colour = "#b3261e"
            case .warning?: colour = "#202124"
            case nil: colour = "#7b8b9a"
            }
            svg += "<rect x=\"\(HTMLFormatting.coordinate(Self.labelWidth))\" y=\"\(HTMLFormatting.coordinate(y + 3))\" width=\"\(HTMLFormatting.coordinate(width))\" height=\"\(HTMLFormatting.coordinate(Self.rowHeight - 6))\" rx=\"2\" fill=\"\(colour)\"/>"
            svg += "<text data-label=\"value\" x=\"\(HTMLFormatting.coordinate(Self.valueX))\" y=\"\(HTMLFormatting.coordinate(y + 14))\" fill=\"#1f2933\">\(HazardCounts.percentText(rate))</text>"
        } else {
            // No bar; the rate column says why (the tooltip and the table say it in full).
            svg += "<text data-label=\"value\" x=\"\(HTMLFormatting.coordinate(Self.valueX))\" y=\"\(HTMLFormatting.coordinate(y + 14))\" fill=\"#5f6b76\">— \(language.pick("无隐患", "none"))</text>"
        }
        return svg + "</g>\n"
    }
}

/// The weekly trend of the total rate and on-time rate, as two lines over the weeks; a week
/// without a rate breaks its line instead of dropping to 0.
///
/// Where the text goes: in each week the higher of the two values is labelled above its point
/// and the lower one below its own, so the two labels of a week never meet; labels of
/// neighbouring weeks are kept apart by labelling every week only while the widest label fits
/// between two weeks, else every second (third, ...) week counted back from the last, which is
/// always labelled. The week names under the axis are thinned the same way.
///
/// The chart is a `<figure class="chart">` holding an inline SVG and a caption; its caption's
/// swatches are styled by ``HTMLStyle/charts``.
public struct TrendChart: Sendable {
    /// The weeks charted, oldest first.
    public let points: [TrendPoint]
    /// The language of the labels and caption.
    public let language: DisplayLanguage

    /// A chart of the weekly trend.
    ///
    /// - Parameters:
    ///   - points: The weeks charted, oldest first.
    ///   - language: The language of the labels and caption.
    public init(points: [TrendPoint], language: DisplayLanguage) {
        self.points = points
        self.language = language
    }

    private static let width = 760.0
    private static let height = 250.0
    private static let left = 48.0
    private static let right = 24.0
    private static let top = 20.0
    private static let bottom = 50.0
    private static let fontSize = 11.0
    /// Room between the axis and the first and last week, so their value labels stay clear
    /// of the axis labels.
    private static let inset = 28.0
    /// The least room between two labels side by side.
    private static let gap = 6.0

    /// One series: its name, colour, dash and value per week.
    private struct Series {
        let name: String
        let colour: String
        let dash: String
        let rate: (HazardCounts) -> Double?
    }

    /// The chart as HTML; a note instead when there are no weeks.
    ///
    /// - Returns: The `<figure>` and its line break, or the note's paragraph.
    public func render() -> String {
        let l = language
        guard !points.isEmpty else {
            return "<p class=\"note\">\(l.pick("暂无趋势数据。", "No trend yet."))</p>\n"
        }
        let plotWidth = Self.width - Self.left - Self.right - 2 * Self.inset
        let plotHeight = Self.height - Self.top - Self.bottom
        let spacing = points.count == 1 ? plotWidth : plotWidth / Double(points.count - 1)
        func x(_ index: Int) -> Double {
            let start = Self.left + Self.inset
            return points.count == 1 ? start + plotWidth / 2 : start + spacing * Double(index)
        }
        func y(_ rate: Double) -> Double { Self.top + plotHeight * (1 - min(max(rate, 0), 1)) }
        /// The weeks labelled when labels are `width` wide: every `step`-th, back from the last.
        func labelled(width: Double) -> Set<Int> {
            let step = max(1, Int(((width + Self.gap) / spacing).rounded(.up)))
            return Set(stride(from: points.count - 1, through: 0, by: -step))
        }

        var svg = "<figure class=\"chart\" data-chart=\"trend\">\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(HTMLFormatting.coordinate(Self.width)) \(HTMLFormatting.coordinate(Self.height))\" width=\"\(HTMLFormatting.coordinate(Self.width))\" height=\"\(HTMLFormatting.coordinate(Self.height))\" role=\"img\" aria-label=\"\(l.pick("周趋势", "Weekly trend"))\" font-size=\"11\">\n"
        svg += "<g fill=\"#5f6b76\">\n"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let ty = HTMLFormatting.coordinate(y(tick))
            svg += "<line x1=\"\(HTMLFormatting.coordinate(Self.left))\" y1=\"\(ty)\" x2=\"\(HTMLFormatting.coordinate(Self.width - Self.right))\" y2=\"\(ty)\" stroke=\"#e3e8ee\"/>"
            svg += "<text data-label=\"tick\" x=\"\(HTMLFormatting.coordinate(Self.left - 6))\" y=\"\(HTMLFormatting.coordinate(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick * 100))%</text>\n"
        }
        let weekNames = points.map { String($0.weekStart.description.dropFirst(5)) }
        let weeksShown = labelled(width: weekNames.map { HTMLFormatting.estimatedWidth($0, fontSize: Self.fontSize) }.max() ?? 0)
        for (index, name) in weekNames.enumerated() where weeksShown.contains(index) {
            svg += "<text data-label=\"week\" x=\"\(HTMLFormatting.coordinate(x(index)))\" y=\"\(HTMLFormatting.coordinate(Self.height - Self.bottom + 34))\" text-anchor=\"middle\">\(name.markupEscaped)</text>\n"
        }
        svg += "</g>\n"

        let series = [
            Series(name: CountColumn.rate.label(l), colour: "#b3261e", dash: "", rate: { $0.rate }),
            Series(name: CountColumn.onTimeRate.label(l), colour: "#1d5fa8", dash: " stroke-dasharray=\"6 4\"", rate: { $0.onTimeRate }),
        ]
        // values[s][i]: series s in week i, when it has a rate.
        let values: [[Double?]] = series.map { line in
            points.map { point in line.rate(point.counts).flatMap { HTMLFormatting.isPrintable($0) ? $0 : nil } }
        }
        let valuesShown = labelled(width: HTMLFormatting.estimatedWidth("100.0%", fontSize: Self.fontSize))
        for (s, line) in series.enumerated() {
            // Split into runs of weeks that have a rate.
            var runs: [[(Int, Double)]] = [[]]
            for (index, value) in values[s].enumerated() {
                if let value {
                    runs[runs.count - 1].append((index, value))
                } else if !(runs.last?.isEmpty ?? true) {
                    runs.append([])
                }
            }
            svg += "<g data-series=\"\(line.name.markupEscaped)\">"
            for run in runs where run.count > 1 {
                let coordinates = run.map { "\(HTMLFormatting.coordinate(x($0.0))),\(HTMLFormatting.coordinate(y($0.1)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2\"\(line.dash)/>"
            }
            for run in runs {
                for (index, rate) in run {
                    svg += "<circle cx=\"\(HTMLFormatting.coordinate(x(index)))\" cy=\"\(HTMLFormatting.coordinate(y(rate)))\" r=\"3\" fill=\"\(line.colour)\"><title>\(points[index].weekStart.description) \(line.name.markupEscaped) \(HazardCounts.percentText(rate))</title></circle>"
                    guard valuesShown.contains(index) else { continue }
                    // Above when this is the week's higher value (the rate wins a tie), else below.
                    let other = values[1 - s][index]
                    let above = other.map { s == 0 ? rate >= $0 : rate > $0 } ?? true
                    let baseline = above ? y(rate) - 7 : y(rate) + 15
                    svg += "<text data-label=\"value\" x=\"\(HTMLFormatting.coordinate(x(index)))\" y=\"\(HTMLFormatting.coordinate(baseline))\" text-anchor=\"middle\" fill=\"\(line.colour)\">\(HazardCounts.percentText(rate))</text>"
                }
            }
            svg += "</g>\n"
        }
        svg += "</svg>\n<figcaption><span class=\"swatch rate-line\"></span>\(CountColumn.rate.label(l).markupEscaped)　<span class=\"swatch on-time-line\"></span>\(CountColumn.onTimeRate.label(l).markupEscaped)　<span class=\"note\">\(l.pick("每周日末的累计数；无分母的周不画点。", "Cumulative at the end of each week; weeks with no denominator have no point.").markupEscaped)</span></figcaption>\n</figure>\n"
        return svg
    }
}
