import PortholeCore

/// One cell per weekly update, coloured by its RAG and marked with the same
/// shape as the RAG badge (circle, triangle, square), oldest first, in rows
/// of a quarter (13 weeks) so a year of notes stays readable on a phone.
/// Each cell links to its update; the page's list of updates is the text
/// version.
struct RAGHistory {
    let updates: [WeeklyUpdate]
    let dates: DateText
    let words: ThemeStrings
    let idPrefix: String
    /// From each page that shows the chart to the project's folder (`../`
    /// from a section's page): the chart is drawn once for all of them, and
    /// only its links differ.
    let toProject: [String]

    static let perRow = 13

    /// The chart as each page of `toProject` shows it.
    func render() -> [String]? {
        guard let first = updates.first, let last = updates.last else { return nil }
        let cell = 34.0
        let gap = 4.0
        let rowHeight = 62.0
        let labelWidth = 96.0
        let columns = min(Self.perRow, updates.count)
        let rows = (updates.count + Self.perRow - 1) / Self.perRow
        let width = labelWidth + Double(columns) * (cell + gap)
        let height = Double(rows) * rowHeight
        let counts = Dictionary(grouping: updates, by: \.status).mapValues(\.count)
        let summary = RAGStatus.allCases.compactMap { status in counts[status].map { words.count(status, $0) } }
            .joined(separator: ", ")
        let description = words.format(
            .historyDescription,
            [
                "count": String(updates.count), "first": dates.medium(first.date), "last": dates.medium(last.date),
                "summary": summary,
            ])
        let titleID = idPrefix + "history-title"
        let descID = idPrefix + "history-desc"
        // The text between one cell's link and the next (a piece ends with
        // `<a href="` and the next starts with `" aria-label=…`), each
        // page's links put in between at the end.
        var pieces: [String] = []
        var svg = """
            <svg class="chart history" viewBox="0 0 \(SVG.n(width)) \(SVG.n(height))" width="\(SVG.n(width))" height="\(SVG.n(height))" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(SVG.text(words[.historyTitle]))</title>
            <desc id="\(descID)">\(SVG.text(description))</desc>

            """
        for (index, update) in updates.enumerated() {
            let row = index / Self.perRow
            let column = index % Self.perRow
            let top = Double(row) * rowHeight
            if column == 0 {
                svg += "<text class=\"axis\" x=\"0\" y=\"\(SVG.n(top + 22))\">\(SVG.text(dates.medium(update.date)))</text>\n"
            }
            let x = labelWidth + Double(column) * (cell + gap)
            let cx = x + cell / 2
            let cy = top + 19
            let label = SVG.text(
                words.format(
                    .historyCell, ["date": dates.medium(update.date), "status": words.label(update.status), "headline": update.headline]))
            pieces.append(svg + "<a href=\"")
            svg = "\" aria-label=\"\(label)\"><title>\(label)</title>"
            svg +=
                "<rect class=\"cell cell--\(update.status.rawValue)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(top + 2))\" width=\"\(SVG.n(cell))\" height=\"34\" rx=\"5\"/>"
            switch update.status {
            case .green: svg += "<circle class=\"mark\" cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"6\"/>"
            case .amber: svg += "<path class=\"mark\" d=\"\(SVG.triangle(cx, cy, 7))\"/>"
            case .red: svg += "<rect class=\"mark\" x=\"\(SVG.n(cx - 6))\" y=\"\(SVG.n(cy - 6))\" width=\"12\" height=\"12\"/>"
            }
            svg += "</a>\n"
            if column % 2 == 0 || index == updates.count - 1 {
                svg +=
                    "<text class=\"axis axis--small\" x=\"\(SVG.n(cx))\" y=\"\(SVG.n(top + 52))\" text-anchor=\"middle\">\(SVG.text(dates.short(update.date)))</text>\n"
            }
        }
        pieces.append(svg + "</svg>")
        let links = updates.map { SVG.text(PortalView.updatePage($0.date)) }
        return toProject.map { path in
            let prefix = SVG.text(path)
            var chart = pieces[0]
            for (index, link) in links.enumerated() {
                chart += prefix
                chart += link
                chart += pieces[index + 1]
            }
            return chart
        }
    }
}
