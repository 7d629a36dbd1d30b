import PortholeCore

/// The 5 x 5 probability x impact heat map of open RAID items, as inline
/// SVG. Each item in a cell is a link to its row on the page; a data table
/// with the same counts follows it for screen readers.
struct RiskHeatMap {
    let risks: [RaidItem]
    /// The project's, for where the cells turn high.
    let health: ProjectHealth
    let words: ThemeStrings
    let anchor: (String) -> String

    func render() -> String {
        let open = risks.filter(\.isOpen)
        let cell = 88.0
        let left = 92.0
        let top = 16.0
        let size = left + cell * 5 + 12
        let height = top + cell * 5 + 56
        var svg = """
            <svg class="chart heatmap-chart" viewBox="0 0 \(SVG.n(size)) \(SVG.n(height))" width="\(SVG.n(size))" height="\(SVG.n(height))" aria-labelledby="heatmap-title" xmlns="http://www.w3.org/2000/svg">
            <title id="heatmap-title">\(SVG.text(words.format(.heatmapTitle, ["count": String(open.count)])))</title>

            """
        for probability in 1...5 {
            let y = top + cell * Double(5 - probability)
            svg +=
                "<text class=\"axis\" x=\"\(SVG.n(left - 10))\" y=\"\(SVG.n(y + cell / 2 + 4))\" text-anchor=\"end\">\(probability)</text>\n"
            for impact in 1...5 {
                let x = left + cell * Double(impact - 1)
                let items = open.filter { $0.probability == probability && $0.impact == impact }.sorted { $0.id < $1.id }
                svg +=
                    "<rect class=\"cell cell--\(health.band(probability * impact).rawValue)\" x=\"\(SVG.n(x + 2))\" y=\"\(SVG.n(y + 2))\" width=\"\(SVG.n(cell - 4))\" height=\"\(SVG.n(cell - 4))\" rx=\"6\"/>\n"
                guard !items.isEmpty else { continue }
                svg +=
                    "<text class=\"count\" x=\"\(SVG.n(x + cell / 2))\" y=\"\(SVG.n(y + 34))\" text-anchor=\"middle\">\(items.count)</text>\n"
                for (index, item) in items.prefix(3).enumerated() {
                    let label = words.format(
                        .heatmapItem, ["id": item.id, "title": item.title, "probability": String(probability), "impact": String(impact)])
                    let ix = x + cell / 2 + (Double(index) - Double(min(items.count, 3) - 1) / 2) * 28
                    svg +=
                        "<a href=\"#\(anchor(item.id))\" aria-label=\"\(SVG.text(label))\"><title>\(SVG.text(label))</title><text class=\"item\" x=\"\(SVG.n(ix))\" y=\"\(SVG.n(y + 62))\" text-anchor=\"middle\">\(SVG.text(SVG.clip(item.id, 5)))</text></a>\n"
                }
                if items.count > 3 {
                    svg +=
                        "<text class=\"item\" x=\"\(SVG.n(x + cell / 2))\" y=\"\(SVG.n(y + 78))\" text-anchor=\"middle\">+\(items.count - 3)</text>\n"
                }
            }
        }
        for impact in 1...5 {
            svg +=
                "<text class=\"axis\" x=\"\(SVG.n(left + cell * (Double(impact) - 0.5)))\" y=\"\(SVG.n(top + cell * 5 + 20))\" text-anchor=\"middle\">\(impact)</text>\n"
        }
        svg +=
            "<text class=\"axis-title\" x=\"\(SVG.n(left + cell * 2.5))\" y=\"\(SVG.n(top + cell * 5 + 46))\" text-anchor=\"middle\">\(SVG.text(words[.heatmapImpactAxis]))</text>\n"
        svg +=
            "<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"\(SVG.n(-(top + cell * 2.5)))\" y=\"24\" text-anchor=\"middle\">\(SVG.text(words[.heatmapProbabilityAxis]))</text>\n"
        return svg + "</svg>"
    }
}
