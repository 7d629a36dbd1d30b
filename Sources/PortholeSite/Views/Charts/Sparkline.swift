import PortholeCore

/// A KPI's values over the weeks, small, between a dashed baseline and a
/// solid target line; the card beside it gives the figures in words.
struct Sparkline {
    let kpi: KPI
    let readings: [KPIReading]
    let dates: DateText
    let money: MoneyText
    let words: ThemeStrings

    static let width = 220.0
    static let height = 64.0
    static let pad = 6.0

    func render() -> String? {
        guard let first = readings.first, let last = readings.last else { return nil }
        let values = readings.map(\.value) + [kpi.baseline, kpi.target]
        var low = values.min()!
        var high = values.max()!
        if high == low {
            low -= 1
            high += 1
        }
        let span = Double(max(1, first.date.days(until: last.date)))
        func x(_ day: CalendarDate) -> Double {
            readings.count == 1 ? Self.width / 2 : Self.pad + (Self.width - 2 * Self.pad) * Double(first.date.days(until: day)) / span
        }
        func y(_ value: Double) -> Double { Self.pad + (Self.height - 2 * Self.pad) * (1 - (value - low) / (high - low)) }
        let id = "kpi-" + kpi.id
        let description = words.format(
            .sparklineDescription,
            [
                "name": kpi.name, "first": dates.medium(first.date), "last": dates.medium(last.date),
                "latest": money.number(last.value), "baseline": money.number(kpi.baseline), "target": money.number(kpi.target),
            ])
        var svg = """
            <svg class="chart sparkline" viewBox="0 0 \(SVG.n(Self.width)) \(SVG.n(Self.height))" width="\(SVG.n(Self.width))" height="\(SVG.n(Self.height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(SVG.text(kpi.name))</title>
            <desc id="\(id)-desc">\(SVG.text(description))</desc>

            """
        for (value, kind) in [(kpi.baseline, "baseline"), (kpi.target, "target")] {
            svg +=
                "<line class=\"ref ref--\(kind)\" x1=\"0\" x2=\"\(SVG.n(Self.width))\" y1=\"\(SVG.n(y(value)))\" y2=\"\(SVG.n(y(value)))\"/>"
        }
        let d = readings.enumerated().map { "\($0 == 0 ? "M" : "L")\(SVG.n(x($1.date))) \(SVG.n(y($1.value)))" }.joined()
        svg += "\n<path class=\"spark\" d=\"\(d)\"/>"
        svg += "<circle class=\"spark-end\" cx=\"\(SVG.n(x(last.date)))\" cy=\"\(SVG.n(y(last.value)))\" r=\"3.5\"/>\n"
        return svg + "</svg>"
    }
}
