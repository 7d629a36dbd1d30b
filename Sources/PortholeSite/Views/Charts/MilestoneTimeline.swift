import PortholeCore

/// The milestone timeline (baseline against forecast), drawn at build time
/// as inline SVG: no script, no chart library. Colours come from the theme's
/// CSS classes, so dark mode and print follow the stylesheet; shapes and the
/// table on the same page carry the meaning for anyone who cannot see colour.
struct MilestoneTimeline {
    let project: Project
    let today: CalendarDate
    let dates: DateText
    /// Distinguishes ids when a page holds more than one chart.
    let idPrefix: String

    private let width = 960.0
    private let labelWidth = 300.0
    private let rowHeight = 30.0
    private let top = 44.0

    func render() -> String? {
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
        let summary = Milestone.State.allCases.compactMap { state in counts[state].map { "\($0) \(state.label.lowercased())" } }
            .joined(separator: ", ")
        let titleID = idPrefix + "timeline-title"
        let descID = idPrefix + "timeline-desc"
        var svg = """
            <svg class="chart timeline" viewBox="0 0 \(SVG.n(width)) \(SVG.n(height))" width="\(SVG.n(width))" height="\(SVG.n(height))" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">Milestone timeline</title>
            <desc id="\(descID)">\(SVG.text("\(milestones.count) milestones between \(dates.medium(first)) and \(dates.medium(last)): \(summary). Hollow markers are the baseline dates, filled markers the forecast or completion dates; diamonds are gates. The table lists every milestone."))</desc>

            """
        // Month grid.
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
        // Start, target and today.
        func marker(_ day: CalendarDate, _ label: String, _ cls: String) {
            let mx = x(day)
            svg += "<line class=\"\(cls)\" x1=\"\(SVG.n(mx))\" y1=\"\(SVG.n(top - 8))\" x2=\"\(SVG.n(mx))\" y2=\"\(SVG.n(height - 8))\"/>\n"
            svg +=
                "<text class=\"\(cls)-label\" x=\"\(SVG.n(mx))\" y=\"\(SVG.n(height - 1))\" text-anchor=\"middle\">\(SVG.text(label))</text>\n"
        }
        marker(project.start, "Start", "edge")
        if let target = project.target { marker(target, "Target", "edge") }
        marker(today, "Today", "today")

        for (index, m) in milestones.enumerated() {
            let y = top + rowHeight * (Double(index) + 0.5)
            let state = m.state(today: today)
            let label = SVG.clip("\(m.id)  \(m.title)", 40)
            if index % 2 == 0 {
                svg +=
                    "<rect class=\"band\" x=\"0\" y=\"\(SVG.n(y - rowHeight / 2))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(rowHeight))\"/>\n"
            }
            svg += "<text class=\"label\" x=\"8\" y=\"\(SVG.n(y + 4))\">\(SVG.text(label))</text>\n"
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
        return svg + "</svg>"
    }

    func tooltip(_ m: Milestone, _ state: Milestone.State) -> String {
        var text = "\(m.id) \(m.title): \(state.label). Baseline \(dates.medium(m.due)), forecast \(dates.medium(m.forecast))"
        if let done = m.done { text += ", done \(dates.medium(done))" }
        return text + (m.gate ? ". Gate." : ".")
    }
}
