import PortholeCore

/// The budget burn-up: planned value (stepping up at each milestone's
/// baseline), earned value (at each milestone done), spend to date (each
/// reading) and the budget line (stepping at each approved change), from
/// the project's start to its end, with today marked. Each line has its own
/// dash pattern and end marker, so colour is not the only difference; the
/// page's table beside it is the text version.
struct BurnUp {
    let project: Project
    let today: CalendarDate
    let dates: DateText
    let money: MoneyText
    let words: ThemeStrings

    static let width = 640.0
    static let height = 280.0
    static let left = 84.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 40.0

    func render() -> String? {
        guard let budget = project.budget else { return nil }
        let baseline = Baseline(project: project)
        let plan = project.milestones.filter { !$0.isInternal }
        let dueDates = plan.map(\.due)
        let last = ([today, project.target ?? today] + dueDates + project.spend.map(\.date)).max()!
        let first = project.start
        let span = Double(max(1, first.days(until: last)))
        let top = max(baseline.currentBudget, project.spend.map(\.amount).max() ?? 0) * 1.1
        let yMax = top > 0 ? top : 1
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ day: CalendarDate) -> Double { Self.left + plotWidth * Double(first.days(until: min(max(day, first), last))) / span }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - value / yMax) }
        /// A step line through (day, value) points, holding each value to the next day.
        func steps(_ points: [(CalendarDate, Double)], to end: CalendarDate) -> String {
            guard let head = points.first else { return "" }
            var d = "M\(SVG.n(x(head.0))) \(SVG.n(y(head.1)))"
            for (index, point) in points.enumerated() where index > 0 {
                d += "H\(SVG.n(x(point.0)))V\(SVG.n(y(point.1)))"
            }
            return d + "H\(SVG.n(x(end)))"
        }
        let count = Double(max(1, plan.count))
        let planned = cumulative(dueDates, share: baseline.currentBudget / count, from: first)
        let earned = cumulative(plan.compactMap(\.done).filter { $0 <= today }, share: baseline.currentBudget / count, from: first)
        let budgetLine = baseline.budgetSteps.map { ($0.date, $0.amount) }
        let spend = project.spend.filter { $0.date <= today }
        let description = words.format(
            .burnUpDescription,
            [
                "first": dates.medium(first), "last": dates.medium(last),
                "budget": money.amount(baseline.currentBudget, budget.unit),
                "spent": money.amount(project.actualCost(on: today), budget.unit),
            ])
        var svg = """
            <svg class="chart burnup" viewBox="0 0 \(SVG.n(Self.width)) \(SVG.n(Self.height))" width="\(SVG.n(Self.width))" height="\(SVG.n(Self.height))" role="img" aria-labelledby="burnup-title burnup-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="burnup-title">\(SVG.text(words[.burnUpTitle]))</title>
            <desc id="burnup-desc">\(SVG.text(description))</desc>

            """
        for step in 0...4 {
            let value = yMax / 1.1 * Double(step) / 4
            let yy = y(value)
            svg +=
                "<line class=\"grid\" x1=\"\(SVG.n(Self.left))\" x2=\"\(SVG.n(Self.width - Self.right))\" y1=\"\(SVG.n(yy))\" y2=\"\(SVG.n(yy))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(SVG.n(Self.left - 6))\" y=\"\(SVG.n(yy + 4))\" text-anchor=\"end\">\(SVG.text(money.amount(value, budget.unit)))</text>\n"
        }
        let baseY = Self.height - Self.bottom
        svg += "<text class=\"axis\" x=\"\(SVG.n(Self.left))\" y=\"\(SVG.n(baseY + 18))\">\(SVG.text(dates.medium(first)))</text>"
        svg +=
            "<text class=\"axis\" x=\"\(SVG.n(Self.width - Self.right))\" y=\"\(SVG.n(baseY + 18))\" text-anchor=\"end\">\(SVG.text(dates.medium(last)))</text>\n"
        let todayX = x(today)
        svg += "<line class=\"today\" x1=\"\(SVG.n(todayX))\" x2=\"\(SVG.n(todayX))\" y1=\"\(SVG.n(Self.top))\" y2=\"\(SVG.n(baseY))\"/>"
        svg +=
            "<text class=\"today-label\" x=\"\(SVG.n(todayX))\" y=\"\(SVG.n(baseY + 32))\" text-anchor=\"middle\">\(SVG.text(words[.timelineToday]))</text>\n"
        svg += "<path class=\"line line--budget\" d=\"\(steps(budgetLine, to: last))\"/>\n"
        svg += "<path class=\"line line--planned\" d=\"\(steps(planned, to: last))\"/>\n"
        svg += "<path class=\"line line--earned\" d=\"\(steps(earned, to: today))\"/>\n"
        if !spend.isEmpty {
            let points = [(first, 0.0)] + spend.map { ($0.date, $0.amount) }
            let d = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(SVG.n(x($1.0))) \(SVG.n(y($1.1)))" }.joined()
            svg += "<path class=\"line line--actual\" d=\"\(d)\"/>\n"
            // A dot per reading of weekly notes; a timesheet's daily readings are a line.
            for point in spend where spend.count <= 16 {
                svg += "<circle class=\"dot dot--actual\" cx=\"\(SVG.n(x(point.date)))\" cy=\"\(SVG.n(y(point.amount)))\" r=\"3\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>"
    }

    /// (day, running total) starting at 0 on `from`, adding `share` on each date.
    func cumulative(_ days: [CalendarDate], share: Double, from: CalendarDate) -> [(CalendarDate, Double)] {
        var points: [(CalendarDate, Double)] = [(from, 0)]
        var total = 0.0
        for day in days.sorted() {
            total += share
            if let lastPoint = points.last, lastPoint.0 >= day {
                points[points.count - 1].1 = total
            } else {
                points.append((day, total))
            }
        }
        return points
    }
}
