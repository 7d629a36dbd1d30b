import PortholeCore

/// One cell per weekly update, coloured by its RAG and marked with the same
/// shape as the RAG badge (circle, triangle, square), with dates under it.
struct RAGHistory {
    let updates: [WeeklyUpdate]
    let dates: DateText
    let idPrefix: String
    /// Relative link from the page to each update, by date.
    let link: (CalendarDate) -> String

    func render() -> String? {
        guard !updates.isEmpty else { return nil }
        let cell = 34.0, gap = 4.0, height = 62.0
        let width = Double(updates.count) * (cell + gap) + 4
        let counts = Dictionary(grouping: updates, by: \.status).mapValues(\.count)
        let summary = RAGStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.label.lowercased())" } }.joined(separator: ", ")
        let titleID = idPrefix + "history-title", descID = idPrefix + "history-desc"
        var svg = """
        <svg class="chart history" viewBox="0 0 \(SVG.n(width)) \(SVG.n(height))" width="\(SVG.n(width))" height="\(SVG.n(height))" role="group" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
        <title id="\(titleID)">Status history</title>
        <desc id="\(descID)">\(SVG.text("\(updates.count) weekly updates from \(dates.medium(updates.first!.date)) to \(dates.medium(updates.last!.date)): \(summary)."))</desc>

        """
        let labelEvery = updates.count > 26 ? 4 : updates.count > 12 ? 2 : 1
        for (index, update) in updates.enumerated() {
            let x = 2 + Double(index) * (cell + gap)
            let cx = x + cell / 2, cy = 18.0
            let label = "\(dates.medium(update.date)): \(update.status.label), \(update.headline)"
            svg += "<a href=\"\(SVG.text(link(update.date)))\" aria-label=\"\(SVG.text(label))\"><title>\(SVG.text(label))</title>"
            svg += "<rect class=\"cell cell--\(update.status.rawValue)\" x=\"\(SVG.n(x))\" y=\"2\" width=\"\(SVG.n(cell))\" height=\"32\" rx=\"5\"/>"
            switch update.status {
            case .green: svg += "<circle class=\"mark\" cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"6\"/>"
            case .amber: svg += "<path class=\"mark\" d=\"\(SVG.triangle(cx, cy, 7))\"/>"
            case .red: svg += "<rect class=\"mark\" x=\"\(SVG.n(cx - 6))\" y=\"\(SVG.n(cy - 6))\" width=\"12\" height=\"12\"/>"
            }
            svg += "</a>\n"
            if index % labelEvery == 0 || index == updates.count - 1 {
                svg += "<text class=\"axis\" x=\"\(SVG.n(cx))\" y=\"52\" text-anchor=\"middle\">\(SVG.text(dates.short(update.date)))</text>\n"
            }
        }
        return svg + "</svg>"
    }
}
