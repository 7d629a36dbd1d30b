import PortholeCore

/// The portfolio's health over the last weeks: one stacked bar per week end,
/// as many projects green, amber, red and stale (`Project.weeklyHealth`).
/// The table beside it on the page holds the same counts as text.
struct PortfolioHealthChart {
    /// One week end and its counts, in `WeeklyHealth.allCases` order.
    struct Week {
        var end: CalendarDate
        var counts: [WeeklyHealth: Int]

        var total: Int { counts.values.reduce(0, +) }
    }

    let weeks: [Week]
    let dates: DateText
    let words: ThemeStrings
    let idPrefix: String

    /// The counts of every week end of `ends` over every row.
    static func weeks(_ rows: [PortfolioRow], ends: [CalendarDate]) -> [Week] {
        ends.enumerated().map { index, end in
            // A row's `health` ends today like `ends`: align from the end.
            var counts: [WeeklyHealth: Int] = [:]
            for row in rows {
                let position = row.health.count - ends.count + index
                guard row.health.indices.contains(position), let state = row.health[position] else { continue }
                counts[state, default: 0] += 1
            }
            return Week(end: end, counts: counts)
        }
    }

    func render() -> String? {
        guard let first = weeks.first, let last = weeks.last else { return nil }
        let (left, bar, gap, plot, bottom) = (36.0, 18.0, 6.0, 150.0, 34.0)
        let width = left + Double(weeks.count) * (bar + gap)
        let height = plot + bottom + 8
        let highest = max(1, weeks.map(\.total).max() ?? 1)
        let scale = plot / Double(highest)
        let titleID = idPrefix + "title"
        let descID = idPrefix + "desc"
        let description = words.format(
            .portfolioHealthDescription,
            ["weeks": String(weeks.count), "first": dates.medium(first.end), "last": dates.medium(last.end)])
        var svg = """
            <svg class="chart portfolio-health" viewBox="0 0 \(SVG.n(width)) \(SVG.n(height))" width="\(SVG.n(width))" height="\(SVG.n(height))" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(SVG.text(words.format(.portfolioHealthTitle, ["weeks": String(weeks.count)])))</title>
            <desc id="\(descID)">\(SVG.text(description))</desc>

            """
        svg += "<text class=\"axis\" x=\"\(SVG.n(left - 6))\" y=\"12\" text-anchor=\"end\">\(highest)</text>\n"
        svg += "<text class=\"axis\" x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(plot + 4))\" text-anchor=\"end\">0</text>\n"
        svg += "<path class=\"baseline\" d=\"M\(SVG.n(left - 2)) \(SVG.n(plot + 0.5))H\(SVG.n(width))\"/>\n"
        for (index, week) in weeks.enumerated() {
            let x = left + Double(index) * (bar + gap)
            var top = plot
            for state in WeeklyHealth.allCases {
                let count = week.counts[state] ?? 0
                guard count > 0 else { continue }
                let h = Double(count) * scale
                top -= h
                svg +=
                    "<rect class=\"bar bar--\(state.rawValue)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(top))\" width=\"\(SVG.n(bar))\" height=\"\(SVG.n(h))\"/>"
            }
            svg += "\n"
            if index % 4 == (weeks.count - 1) % 4 {
                // The last week's date ends at its bar: centred, it would
                // run past the chart's right edge and be cut.
                let isLast = index == weeks.count - 1
                let anchor = isLast ? "end" : "middle"
                let labelX = isLast ? x + bar : x + bar / 2
                svg +=
                    "<text class=\"axis axis--small\" x=\"\(SVG.n(labelX))\" y=\"\(SVG.n(plot + 18))\" text-anchor=\"\(anchor)\">\(SVG.text(dates.short(week.end)))</text>\n"
            }
        }
        return svg + "</svg>"
    }
}
