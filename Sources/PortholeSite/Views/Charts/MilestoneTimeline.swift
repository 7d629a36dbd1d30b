import PortholeCore

/// The milestone timeline (baseline against forecast), drawn at build time
/// as inline SVG: no script, no chart library. Colours come from the theme's
/// CSS classes, so dark mode and print follow the stylesheet; shapes and the
/// table on the same page carry the meaning for anyone who cannot see colour.
struct MilestoneTimeline {
    let project: Project
    let today: CalendarDate
    let dates: DateText
    let words: ThemeStrings
    /// Distinguish ids when a page holds more than one chart: the chart is
    /// drawn once for each prefix, and only its ids differ.
    let idPrefixes: [String]

    private let width = 960.0
    private let labelWidth = 300.0
    private let rowHeight = 30.0
    private let top = 44.0

    /// The chart with each of `idPrefixes`.
    func render() -> [String]? {
        let milestones = project.milestones.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
        guard !milestones.isEmpty else { return nil }
        var first = project.start
        var last = project.target ?? project.start
        for m in milestones {
            first = min(first, m.due, m.forecast)
            last = max(last, m.due, m.forecast, m.done ?? m.due)
        }
        first = min(first, today)
        last = max(last, today)
        let span = Double(max(14, first.days(until: last)))
        let left = labelWidth + 10
        let right = width - 24
        func x(_ day: CalendarDate) -> Double { left + (right - left) * Double(first.days(until: day)) / span }
        let height = top + rowHeight * Double(milestones.count) + 16

        let counts = Dictionary(grouping: milestones, by: { $0.state(today: today) }).mapValues(\.count)
        let summary = Milestone.State.allCases.compactMap { state in counts[state].map { words.count(state, $0) } }
            .joined(separator: ", ")
        let description = words.format(
            .timelineDescription,
            ["count": String(milestones.count), "first": dates.medium(first), "last": dates.medium(last), "summary": summary])
        func header(_ idPrefix: String) -> String {
            let titleID = idPrefix + "timeline-title"
            let descID = idPrefix + "timeline-desc"
            return """
                <svg class="chart timeline" viewBox="0 0 \(SVG.n(width)) \(SVG.n(height))" width="\(SVG.n(width))" height="\(SVG.n(height))" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
                <title id="\(titleID)">\(SVG.text(words[.timelineTitle]))</title>
                <desc id="\(descID)">\(SVG.text(description))</desc>

                """
        }
        var svg = ""
        svg += monthGrid(from: first, to: last, height: height, x: x)
        // Start, target and today.
        func marker(_ day: CalendarDate, _ label: String, _ cls: String) {
            let mx = x(day)
            svg += "<line class=\"\(cls)\" x1=\"\(SVG.n(mx))\" y1=\"\(SVG.n(top - 8))\" x2=\"\(SVG.n(mx))\" y2=\"\(SVG.n(height - 8))\"/>\n"
            svg +=
                "<text class=\"\(cls)-label\" x=\"\(SVG.n(mx))\" y=\"\(SVG.n(height - 1))\" text-anchor=\"middle\">\(SVG.text(label))</text>\n"
        }
        marker(project.start, words[.timelineStart], "edge")
        if let target = project.target { marker(target, words[.timelineTarget], "edge") }
        marker(today, words[.timelineToday], "today")

        for (index, m) in milestones.enumerated() {
            let y = top + rowHeight * (Double(index) + 0.5)
            let state = m.state(today: today)
            let label = SVG.wrapped("\(m.id)  \(m.title)", 40, x: 8, y: y + 4)
            if index % 2 == 0 {
                svg +=
                    "<rect class=\"band\" x=\"0\" y=\"\(SVG.n(y - rowHeight / 2))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(rowHeight))\"/>\n"
            }
            svg += "<text class=\"label\" x=\"8\" y=\"\(SVG.n(y + 4))\">\(label)</text>\n"
            let baseline = x(m.due)
            let actual = x(m.done ?? m.forecast)
            if abs(actual - baseline) > 0.5 {
                svg +=
                    "<line class=\"move move--\(state.rawValue)\" x1=\"\(SVG.n(baseline))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(actual))\" y2=\"\(SVG.n(y))\"/>\n"
            }
            let r = 7.0
            let shape = { (cx: Double, cls: String) -> String in
                m.gate
                    ? "<path class=\"\(cls)\" d=\"\(SVG.diamond(cx, y, r + 1.5))\"/>"
                    : "<circle class=\"\(cls)\" cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(r))\"/>"
            }
            svg += "<g><title>\(SVG.text(tooltip(m, state)))</title>"
            svg += shape(baseline, "baseline")
            svg += shape(actual, "point point--\(state.rawValue)")
            if state == .done {
                svg += "<path class=\"tick\" d=\"M\(SVG.n(actual - 3.5)) \(SVG.n(y))l2.5 2.8 4.8-5.6\"/>"
            } else if state == .overdue {
                svg += "<text class=\"bang\" x=\"\(SVG.n(actual))\" y=\"\(SVG.n(y + 4))\" text-anchor=\"middle\">!</text>"
            }
            svg += "</g>\n"
        }
        svg += "</svg>"
        return idPrefixes.map { header($0) + svg }
    }

    /// A line at the start of each month, labelled every one, two or three
    /// months depending on the span.
    func monthGrid(from first: CalendarDate, to last: CalendarDate, height: Double, x: (CalendarDate) -> Double) -> String {
        var svg = ""
        var month = CalendarDate(year: first.year, month: first.month, day: 1)!
        var labelled = 0
        let months = max(1, first.days(until: last) / 30)
        let every = months > 14 ? 3 : months > 7 ? 2 : 1
        while month <= last {
            if month >= first {
                let mx = x(month)
                svg +=
                    "<line class=\"grid\" x1=\"\(SVG.n(mx))\" y1=\"\(SVG.n(top - 12))\" x2=\"\(SVG.n(mx))\" y2=\"\(SVG.n(height - 12))\"/>\n"
                if labelled % every == 0 {
                    svg +=
                        "<text class=\"axis\" x=\"\(SVG.n(mx + 3))\" y=\"\(SVG.n(top - 18))\">\(SVG.text(dates.monthYear(month)))</text>\n"
                }
                labelled += 1
            }
            guard
                let next = month.month == 12
                    ? CalendarDate(year: month.year + 1, month: 1, day: 1)
                    : CalendarDate(year: month.year, month: month.month + 1, day: 1)
            else { break }
            month = next
        }
        return svg
    }

    func tooltip(_ m: Milestone, _ state: Milestone.State) -> String {
        var text = words.format(
            .timelinePoint,
            ["id": m.id, "title": m.title, "state": words.label(state), "due": dates.medium(m.due), "forecast": dates.medium(m.forecast)])
        if let done = m.done { text += words.format(.timelinePointDone, ["date": dates.medium(done)]) }
        return text + words[m.gate ? .timelinePointGate : .timelinePointEnd]
    }
}
